//! The bodies of the conversation's steps as plain functions: the workflow runs each as a
//! journaled step, and [`answer`] chains them without the engine (for offline harnesses
//! that answer a question set the way the workflow does).

use activities::ActivityError;
use activities::conversations::ToolCall;
use activities::profiles::Profile;
use activities::tools::{Citation, Tools};
use activities::understanding::{PriorTurn, Request, Understanding, Understood, Vocabulary};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answer::compose;
use super::plan::{self, Plan};

/// What the understanding step gives: the understanding and the programs known.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UnderstoodMessage {
    /// What the message asks.
    pub understood: Understood,
    /// Every program in the graph, (id, name).
    pub programs: Vec<(String, String)>,
}

/// The request to understand: the message, the earlier turns and the profile's context.
/// The vocabulary is loaded by [`understand`].
pub fn request(text: &str, history: Vec<PriorTurn>, profile: Option<&Profile>) -> Request {
    Request {
        text: text.to_owned(),
        history,
        memberships: profile.map(Profile::program_ids).unwrap_or_default(),
        home_airport: profile.and_then(|profile| profile.details.home_airport.clone()),
        vocabulary: Vocabulary::default(),
    }
}

/// Understands the request with the graph's current vocabulary.
pub async fn understand(
    tools: &Tools,
    understanding: &dyn Understanding,
    mut request: Request,
) -> Result<UnderstoodMessage, ActivityError> {
    request.vocabulary = Vocabulary::load(tools.knowledge.as_ref()).await?;
    let understood = understanding.understand(&request).await?;
    let programs = request
        .vocabulary
        .programs
        .iter()
        .map(|program| (program.id.clone(), program.name.clone()))
        .collect();
    Ok(UnderstoodMessage {
        understood,
        programs,
    })
}

/// Calls a tool. An error about the input is the call's output (the reply asks back);
/// only an outage is an error.
pub async fn call_tool(tools: &Tools, name: &str, input: Value) -> Result<Value, ActivityError> {
    match tools.call(name, input).await {
        Ok(output) => Ok(output),
        Err(error) if error.is_retryable() => Err(ActivityError::from(error)),
        Err(error) => Ok(error.to_output()),
    }
}

/// A message answered: what was understood, the tools called and the templated reply.
#[derive(Clone, Debug)]
pub struct Answer {
    /// What the message asked.
    pub understood: Understood,
    /// The tools called, with their inputs and outputs.
    pub tool_calls: Vec<ToolCall>,
    /// The reply (the template's wording).
    pub reply: String,
    /// Where the reply's facts come from.
    pub citations: Vec<Citation>,
}

/// Answers a message as the workflow does (understand, plan, call the tools, compose),
/// without journaling, saving the turn or a composer model.
pub async fn answer(
    tools: &Tools,
    understanding: &dyn Understanding,
    text: &str,
    history: Vec<PriorTurn>,
    profile: Option<&Profile>,
) -> Result<Answer, ActivityError> {
    let message = understand(tools, understanding, request(text, history, profile)).await?;
    let context = plan::Context {
        text,
        profile,
        programs: &message.programs,
    };
    let mut tool_calls = Vec::new();
    let (reply, citations) = match plan::plan(&message.understood, &context) {
        Plan::Ask(question) => (question, Vec::new()),
        Plan::Call(calls) => {
            for (tool, input) in calls {
                let output = call_tool(tools, &tool, input.clone()).await?;
                tool_calls.push(ToolCall {
                    tool,
                    input,
                    output,
                });
            }
            compose(&message.understood, &tool_calls)
        }
    };
    Ok(Answer {
        understood: message.understood,
        tool_calls,
        reply,
        citations,
    })
}
