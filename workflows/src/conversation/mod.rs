//! The conversation workflow `conversation-message`: one run per traveller message. It
//! loads the traveller's profile and the conversation's earlier turns, understands the
//! message, calls each planned tool as a journaled step, composes the reply from the tool
//! results with citations, and saves the turn. Its side effects go through
//! [`Conversations`].

pub mod answer;
pub mod message;
pub mod plan;
pub mod steps;

use std::sync::Arc;

use activities::composer::Composer;

use activities::conversations::ConversationStore;
use activities::tools::Tools;
use activities::understanding::Understanding;
use engine::Registry;

/// The activities a conversation calls.
pub struct Conversations {
    /// The tools (knowledge graph, passage index, profiles).
    pub tools: Tools,
    /// How messages are understood.
    pub understanding: Arc<dyn Understanding>,
    /// Where turns are kept.
    pub store: Arc<dyn ConversationStore>,
    /// A language model that words the templated reply (kept only if it keeps every
    /// number); none: the template is the reply.
    pub composer: Option<Arc<dyn Composer>>,
}

/// Registers the conversation workflow over `services`. No role but admin is granted it:
/// travellers reach it through `/v1/conversations`, which checks whose conversation it is.
pub fn register(registry: &mut Registry, services: Arc<Conversations>) {
    registry.register(message::NAME, move |ctx, input| {
        message::run(ctx, services.clone(), input)
    });
}
