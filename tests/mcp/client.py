#!/usr/bin/env python3
"""A real MCP client (PyPI's `mcp` SDK) against `maximizer serve`'s Streamable HTTP endpoint.

Usage: client.py BASE_URL API_KEY TOOL ARGUMENTS_JSON
Lists the tools, calls TOOL with ARGUMENTS_JSON and prints one JSON object:
{"tools": [names], "is_error": bool, "structured": {...}, "text": "..."}.
"""
import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client


async def main(base, key, tool, arguments):
    async with create_mcp_http_client(headers={"Authorization": f"Bearer {key}"}) as http:
        async with streamable_http_client(f"{base}/mcp", http_client=http) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                await session.initialize()
                listed = await session.list_tools()
                result = await session.call_tool(tool, arguments)
                text = "".join(getattr(block, "text", "") for block in result.content)
                print(json.dumps({
                    "tools": [t.name for t in listed.tools],
                    "is_error": bool(getattr(result, "is_error", None) or getattr(result, "isError", False)),
                    "structured": getattr(result, "structured_content", None) or getattr(result, "structuredContent", None),
                    "text": text,
                }))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])))
