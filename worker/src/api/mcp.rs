//! The conversation's tools over the Model Context Protocol (`rmcp`): Streamable HTTP at
//! `/mcp` behind the API keys (Bearer), and stdio for `maximizer mcp`, so assistants such
//! as Claude Desktop can call them. Every call goes through `Tools::call`, the same path
//! the conversation workflow takes, so results match the HTTP API's.

use std::sync::Arc;

use activities::tools::{self, Tools};
use axum::body::Body;
use axum::extract::Request;
use axum::routing::any;
use engine::http::auth::Caller;
use engine::http::{AppState, Role};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    InitializeResult, ListToolsResult, PaginatedRequestParams, ServerCapabilities, Tool,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::Value;
use tower::Service;

/// The MCP server: the tools, for one caller's role.
#[derive(Clone)]
pub struct McpServer {
    tools: Tools,
}

impl McpServer {
    /// A server over `tools`.
    pub fn new(tools: Tools) -> Self {
        Self { tools }
    }
}

/// The caller's role: from the request (Streamable HTTP, set by [`require_key`]); the local
/// operator (stdio) is an admin.
fn role_of(context: &RequestContext<RoleServer>) -> Role {
    context
        .extensions
        .get::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Role>().cloned())
        .unwrap_or(Role::Admin)
}

impl ServerHandler for McpServer {
    fn get_info(&self) -> InitializeResult {
        let mut info = InitializeResult::new(ServerCapabilities::builder().enable_tools().build())
            .with_instructions(
                "Loyalty Maximizer: miles a flight earns, the best program to credit it to, \
                 award costs, programs per airline, and program rules with citations.",
            );
        info.server_info = Implementation::new("maximizer", env!("CARGO_PKG_VERSION"));
        info
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let listed = tools::catalog()
            .into_iter()
            .map(|spec| {
                let schema = match spec.input_schema {
                    Value::Object(object) => object,
                    _ => serde_json::Map::new(),
                };
                Tool::new(spec.name, spec.description, Arc::new(schema))
            })
            .collect();
        Ok(ListToolsResult::with_all_items(listed))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let input = Value::Object(request.arguments.unwrap_or_default());
        if request.name == tools::profile::NAME
            && let Role::Traveller(user) = role_of(&context)
            && input.get("user").and_then(Value::as_str) != Some(user.as_str())
        {
            return Ok(error_result("a traveller key reads only its own profile").into());
        }
        Ok(match self.tools.call(&request.name, input).await {
            Ok(output) => {
                let text = output.to_string();
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                result.structured_content = Some(output);
                result.into()
            }
            Err(error) => {
                let mut result = error_result(&error.to_string());
                result.structured_content = Some(error.to_output());
                result.into()
            }
        })
    }
}

fn error_result(message: &str) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.to_owned())])
}

/// `/mcp`: Streamable HTTP (stateless, JSON responses), for any API key.
pub fn routes(tools: Tools) -> axum::Router<AppState> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        // Every request carries an API key, which a rebinding page cannot; deployments
        // reach the server under their own host names.
        .disable_allowed_hosts();
    let service = StreamableHttpService::new(
        move || Ok(McpServer::new(tools.clone())),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    axum::Router::new().route(
        "/mcp",
        any(move |caller: Caller, request: Request| {
            let mut service = service.clone();
            async move {
                // The key's role reaches the handler through the request's parts.
                let (mut parts, body) = request.into_parts();
                parts.extensions.insert(caller.role);
                match service.call(Request::from_parts(parts, body)).await {
                    Ok(response) => response.map(Body::new),
                    Err(never) => match never {},
                }
            }
        }),
    )
}
