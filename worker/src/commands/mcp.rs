//! `maximizer mcp`: the conversation's tools over MCP on stdin/stdout, for assistants that
//! start the server themselves (Claude Desktop and the like). Logs go to stderr; stdout
//! carries only the protocol.

use activities::tools::Tools;
use anyhow::Context as _;
use rmcp::ServiceExt as _;

use crate::api::mcp::McpServer;

pub async fn run(tools: Tools) -> anyhow::Result<()> {
    let service = McpServer::new(tools)
        .serve(rmcp::transport::stdio())
        .await
        .context("starting the MCP server on stdio")?;
    service.waiting().await.context("serving MCP on stdio")?;
    Ok(())
}
