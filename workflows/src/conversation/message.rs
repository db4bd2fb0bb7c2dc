//! `conversation-message`: one message of a conversation, answered.

use std::sync::Arc;
use std::time::Duration;

use activities::composer::Draft;
use activities::conversations::{ToolCall, Turn};
use activities::profiles::Profile;
use activities::tools::{Citation, profile};
use activities::understanding::PriorTurn;
use engine::{ActivityError, Context, RetryPolicy, StepError, StepOptions, WorkflowError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Conversations;
use super::answer::compose;
use super::plan::{self, Plan};
use super::steps::{self, UnderstoodMessage};

/// The registered name.
pub const NAME: &str = "conversation-message";

/// Earlier turns read for context.
const HISTORY_TURNS: u32 = 10;

/// Longest message, in bytes.
pub const MAX_TEXT_BYTES: usize = 4000;

/// The workflow's input.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The conversation.
    pub conversation: String,
    /// The traveller whose profile applies, if any.
    #[serde(default)]
    pub user: Option<String>,
    /// The message.
    pub text: String,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The reply.
    pub reply: String,
    /// The turn's number in the conversation.
    pub turn: i64,
    /// The tools called, with their inputs and outputs.
    pub tool_calls: Vec<ToolCall>,
    /// Where the reply's facts come from.
    pub citations: Vec<Citation>,
}

fn quick() -> StepOptions {
    StepOptions::default().retry(
        RetryPolicy::default()
            .with_max_attempts(4)
            .with_initial_interval(Duration::from_millis(100)),
    )
}

/// Runs the workflow.
pub async fn run(
    ctx: Context,
    services: Arc<Conversations>,
    input: Input,
) -> Result<Output, WorkflowError> {
    if input.text.trim().is_empty() || input.text.len() > MAX_TEXT_BYTES {
        return Err(WorkflowError::invalid_input(format!(
            "a message must have 1 to {MAX_TEXT_BYTES} bytes of text"
        )));
    }
    let profile: Option<Profile> = match &input.user {
        Some(user) => {
            let (s, user) = (services.clone(), user.clone());
            Some(
                ctx.step_with("load-profile", quick(), move |_| {
                    let (s, user) = (s.clone(), user.clone());
                    async move {
                        let output = s
                            .tools
                            .call(profile::NAME, json!({ "user": user }))
                            .await
                            .map_err(ActivityError::from)?;
                        Ok::<_, ActivityError>(serde_json::from_value::<Profile>(output)?)
                    }
                })
                .await?,
            )
        }
        None => None,
    };
    let (s, conversation) = (services.clone(), input.conversation.clone());
    let history: Vec<PriorTurn> = ctx
        .step_with("load-history", quick(), move |_| {
            let (s, conversation) = (s.clone(), conversation.clone());
            async move {
                let turns = s.store.turns(&conversation, HISTORY_TURNS).await?;
                Ok::<_, ActivityError>(
                    turns
                        .into_iter()
                        .map(|turn| PriorTurn {
                            text: turn.text,
                            understood: turn.understood,
                        })
                        .collect::<Vec<_>>(),
                )
            }
        })
        .await?;
    let request = steps::request(&input.text, history, profile.as_ref());
    let s = services.clone();
    let understanding: UnderstoodMessage = ctx
        .step_with("understand", quick(), move |_| {
            let (s, request) = (s.clone(), request.clone());
            async move { steps::understand(&s.tools, s.understanding.as_ref(), request).await }
        })
        .await?;
    let context = plan::Context {
        text: &input.text,
        profile: profile.as_ref(),
        programs: &understanding.programs,
    };
    let mut tool_calls = Vec::new();
    let (reply, citations) = match plan::plan(&understanding.understood, &context) {
        Plan::Ask(question) => (question, Vec::new()),
        Plan::Call(calls) => {
            for (tool, tool_input) in calls {
                let output = call_tool(&ctx, &services, &tool, tool_input.clone()).await?;
                tool_calls.push(ToolCall {
                    tool,
                    input: tool_input,
                    output,
                });
            }
            let (draft, citations) = compose(&understanding.understood, &tool_calls);
            (
                word(&ctx, &services, &input.text, draft, &tool_calls).await?,
                citations,
            )
        }
    };
    let turn = Turn {
        seq: 0,
        run_id: ctx.run_id().to_owned(),
        text: input.text.clone(),
        understood: understanding.understood,
        tool_calls: tool_calls.clone(),
        reply: reply.clone(),
        citations: citations.clone(),
        created_at: 0,
    };
    let (s, conversation) = (services.clone(), input.conversation.clone());
    let seq: i64 = ctx
        .step_with("save-turn", quick(), move |_| {
            let (s, conversation, turn) = (s.clone(), conversation.clone(), turn.clone());
            async move { Ok::<_, ActivityError>(s.store.append(&conversation, &turn).await?) }
        })
        .await?;
    Ok(Output {
        reply,
        turn: seq,
        tool_calls,
        citations,
    })
}

/// Has the configured model word the templated reply (step `compose-reply`); the draft
/// stands when no model is configured, when the wording changed a fact, or when the model
/// cannot be reached after the step's retries.
async fn word(
    ctx: &Context,
    services: &Arc<Conversations>,
    question: &str,
    draft: String,
    tool_calls: &[ToolCall],
) -> Result<String, WorkflowError> {
    let Some(composer) = services.composer.clone() else {
        return Ok(draft);
    };
    let request = Draft {
        question: question.to_owned(),
        reply: draft.clone(),
        results: serde_json::to_value(tool_calls).unwrap_or_default(),
    };
    let worded = ctx
        .step_with("compose-reply", quick(), move |_| {
            let (composer, request) = (composer.clone(), request.clone());
            async move { Ok::<_, ActivityError>(composer.compose(&request).await?) }
        })
        .await;
    match worded {
        Ok(composed) => Ok(composed.reply),
        Err(StepError::Failed { .. }) => Ok(draft),
        Err(other) => Err(other.into()),
    }
}

/// Calls a tool as a journaled step `tool:<name>`. An error about the input is the
/// step's result (the reply asks back); only an outage is retried and can fail the run.
async fn call_tool(
    ctx: &Context,
    services: &Arc<Conversations>,
    tool: &str,
    input: Value,
) -> Result<Value, WorkflowError> {
    let (s, name) = (services.clone(), tool.to_owned());
    let output = ctx
        .step_with(&format!("tool:{tool}"), quick(), move |_| {
            let (s, name, input) = (s.clone(), name.clone(), input.clone());
            async move { steps::call_tool(&s.tools, &name, input).await }
        })
        .await?;
    Ok(output)
}
