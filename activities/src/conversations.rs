//! Conversations and their turns, in the engine's database. A conversation belongs to the
//! user who started it; a turn is what the traveller wrote, what was understood, the tool
//! calls with their results, the reply and its citations. Saving a turn is idempotent by
//! the run that answered it, so a replayed step saves it once.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ActivityError;
use crate::graph::with_pool;
use crate::profiles::now_millis;
use crate::tools::Citation;
use crate::understanding::Understood;

/// What went wrong with the conversation store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed; a retry may succeed.
    #[error("conversations unavailable: {0}")]
    Unavailable(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        ActivityError::retryable("conversations_unavailable", error.to_string())
    }
}

fn unavailable(error: impl std::fmt::Display) -> Error {
    Error::Unavailable(error.to_string())
}

/// One tool call of a turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The tool's name.
    pub tool: String,
    /// Its input.
    pub input: Value,
    /// Its output, or `{"error", "message"}` when it gave none.
    pub output: Value,
}

/// One question and its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// 1 for the conversation's first turn.
    #[serde(default)]
    pub seq: i64,
    /// The run that answered it.
    pub run_id: String,
    /// What the traveller wrote.
    pub text: String,
    /// What was understood.
    pub understood: Understood,
    /// The tools called.
    pub tool_calls: Vec<ToolCall>,
    /// The reply.
    pub reply: String,
    /// Where the reply's facts come from.
    pub citations: Vec<Citation>,
    /// Milliseconds since the epoch.
    #[serde(default)]
    pub created_at: i64,
}

/// Where conversations are kept.
#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// The conversation's owner, creating the conversation for `owner` if it is new.
    async fn claim(&self, id: &str, owner: &str) -> Result<String, Error>;
    /// The conversation's owner, if it exists.
    async fn owner(&self, id: &str) -> Result<Option<String>, Error>;
    /// The last `limit` turns, oldest first.
    async fn turns(&self, id: &str, limit: u32) -> Result<Vec<Turn>, Error>;
    /// Saves a turn (once per run) and returns its number.
    async fn append(&self, id: &str, turn: &Turn) -> Result<i64, Error>;
}

/// Conversations in the engine's database.
#[derive(Clone, Debug)]
pub struct SqlConversations {
    database: engine::Database,
}

impl SqlConversations {
    /// Opens the conversations in `database`, creating or migrating the tables.
    pub async fn open(database: engine::Database) -> Result<Self, Error> {
        crate::graph::migrate(&database)
            .await
            .map_err(unavailable)?;
        Ok(Self { database })
    }
}

#[async_trait]
impl ConversationStore for SqlConversations {
    async fn claim(&self, id: &str, owner: &str) -> Result<String, Error> {
        // Most messages continue a conversation: a read, no commit.
        if let Some(known) = self.owner(id).await? {
            return Ok(known);
        }
        with_pool!(&self.database, pool, _postgres => {
            sqlx::query(
                "INSERT INTO conversations (id, owner, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(owner)
            .bind(now_millis())
            .execute(pool)
            .await
            .map_err(unavailable)?;
        });
        self.owner(id)
            .await?
            .ok_or_else(|| Error::Unavailable(format!("conversation '{id}' vanished")))
    }

    async fn owner(&self, id: &str) -> Result<Option<String>, Error> {
        with_pool!(&self.database, pool, _postgres => {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT owner FROM conversations WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await
                    .map_err(unavailable)?;
            Ok(row.map(|(owner,)| owner))
        })
    }

    async fn turns(&self, id: &str, limit: u32) -> Result<Vec<Turn>, Error> {
        with_pool!(&self.database, pool, _postgres => {
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT seq, turn, created_at FROM conversation_turns \
                 WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2",
            )
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(unavailable)?;
            let mut turns = rows
                .into_iter()
                .map(|(seq, text, created_at)| {
                    let mut turn: Turn = serde_json::from_str(&text).map_err(unavailable)?;
                    turn.seq = seq;
                    turn.created_at = created_at;
                    Ok(turn)
                })
                .collect::<Result<Vec<Turn>, Error>>()?;
            turns.reverse();
            Ok(turns)
        })
    }

    async fn append(&self, id: &str, turn: &Turn) -> Result<i64, Error> {
        let text = serde_json::to_string(turn).map_err(unavailable)?;
        with_pool!(&self.database, pool, _postgres => {
            // `WHERE true` lets SQLite read the upsert clause after INSERT … SELECT.
            sqlx::query(
                "INSERT INTO conversation_turns \
                 (conversation_id, seq, run_id, text, reply, turn, created_at) \
                 SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 \
                 FROM conversation_turns WHERE conversation_id = $1 AND true \
                 ON CONFLICT (run_id) DO NOTHING",
            )
            .bind(id)
            .bind(&turn.run_id)
            .bind(&turn.text)
            .bind(&turn.reply)
            .bind(&text)
            .bind(now_millis())
            .execute(pool)
            .await
            .map_err(unavailable)?;
            let (seq,): (i64,) =
                sqlx::query_as("SELECT seq FROM conversation_turns WHERE run_id = $1")
                    .bind(&turn.run_id)
                    .fetch_one(pool)
                    .await
                    .map_err(unavailable)?;
            Ok(seq)
        })
    }
}
