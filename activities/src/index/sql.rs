//! The passage index in the engine's database: an FTS5 table with the porter stemmer on
//! SQLite, a generated `tsvector` with a GIN index on PostgreSQL. A search matches any of
//! the query's words, best ranked first. The query is cut into plain words before it
//! reaches the full-text syntax, so no input can break it.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::{Error, Hit, PassageIndex};
use crate::passages::Passage;

/// At most this many words of a query are searched for.
const MAX_WORDS: usize = 32;

fn unavailable(error: impl std::fmt::Display) -> Error {
    Error::Unavailable(error.to_string())
}

/// The words of a query, lowercased, each once, in order: letters and digits only, so
/// that no operator, quote or column filter of a full-text syntax survives.
pub fn query_words(query: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| seen.insert(word.clone()))
        .take(MAX_WORDS)
        .collect()
}

/// An FTS5 query matching any of the words: each a quoted string (a quote inside doubled),
/// joined by `OR`.
fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// A `websearch_to_tsquery` text matching any of the words.
fn websearch_query(words: &[String]) -> String {
    words.join(" or ")
}

/// Programs as SQLite keeps them: `|a|b|`, so that `instr` finds a whole id.
fn programs_field(programs: &[String]) -> String {
    let mut field = String::from("|");
    for program in programs {
        field.push_str(&program.replace('|', ""));
        field.push('|');
    }
    field
}

fn parse_programs_field(field: &str) -> Vec<String> {
    field
        .split('|')
        .filter(|program| !program.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The documents a call replaces: those of its passages.
fn documents_of(passages: &[Passage]) -> BTreeSet<&str> {
    passages
        .iter()
        .map(|passage| passage.document.as_str())
        .collect()
}

/// Rows as both backends read them.
type Row = (String, String, String, i64, String, String);

fn hit(row: Row, programs: Vec<String>, score: f64) -> Hit {
    let (id, document, document_name, page, section, text) = row;
    Hit {
        passage: Passage {
            id,
            document,
            page: u32::try_from(page).unwrap_or(0),
            section,
            text,
        },
        document_name,
        programs,
        score,
    }
}

/// The passage index in the engine's database.
#[derive(Clone, Debug)]
pub struct SqlIndex {
    database: engine::Database,
}

impl SqlIndex {
    /// Opens the index in `database`, creating or migrating its tables.
    pub async fn open(database: engine::Database) -> Result<Self, Error> {
        crate::graph::migrate(&database)
            .await
            .map_err(unavailable)?;
        Ok(Self { database })
    }

    /// How many passages the index holds.
    pub async fn len(&self) -> Result<u64, Error> {
        let sql = match &self.database {
            engine::Database::Sqlite(_) => "SELECT COUNT(*) FROM passages_fts",
            engine::Database::Postgres(_) => "SELECT COUNT(*) FROM passages",
        };
        crate::graph::with_pool!(&self.database, pool, _postgres => {
            let (count,): (i64,) = sqlx::query_as(sql)
                .fetch_one(pool)
                .await
                .map_err(unavailable)?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
    }

    /// Whether the index holds no passage.
    pub async fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len().await? == 0)
    }
}

#[async_trait]
impl PassageIndex for SqlIndex {
    async fn index(
        &self,
        document_name: &str,
        programs: &[String],
        passages: &[Passage],
    ) -> Result<u64, Error> {
        let documents = documents_of(passages);
        match &self.database {
            engine::Database::Sqlite(pool) => {
                let mut tx = pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(unavailable)?;
                if passages.is_empty() {
                    sqlx::query("DELETE FROM passages_fts WHERE document_name = $1")
                        .bind(document_name)
                        .execute(&mut *tx)
                        .await
                        .map_err(unavailable)?;
                }
                for document in &documents {
                    sqlx::query("DELETE FROM passages_fts WHERE document = $1")
                        .bind(*document)
                        .execute(&mut *tx)
                        .await
                        .map_err(unavailable)?;
                }
                let programs = programs_field(programs);
                let mut ids = BTreeSet::new();
                for passage in passages {
                    if !ids.insert(passage.id.as_str()) {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO passages_fts \
                         (passage_id, document, document_name, page, section, text, programs) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&passage.id)
                    .bind(&passage.document)
                    .bind(document_name)
                    .bind(i64::from(passage.page))
                    .bind(&passage.section)
                    .bind(&passage.text)
                    .bind(&programs)
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                }
                tx.commit().await.map_err(unavailable)?;
                Ok(ids.len() as u64)
            }
            engine::Database::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(unavailable)?;
                if passages.is_empty() {
                    sqlx::query("DELETE FROM passages WHERE document_name = $1")
                        .bind(document_name)
                        .execute(&mut *tx)
                        .await
                        .map_err(unavailable)?;
                }
                for document in &documents {
                    sqlx::query("DELETE FROM passages WHERE document = $1")
                        .bind(*document)
                        .execute(&mut *tx)
                        .await
                        .map_err(unavailable)?;
                }
                let mut ids = BTreeSet::new();
                for passage in passages {
                    if !ids.insert(passage.id.as_str()) {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO passages \
                         (id, document, document_name, page, section, text, programs) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (id) DO UPDATE SET document = excluded.document, \
                         document_name = excluded.document_name, page = excluded.page, \
                         section = excluded.section, text = excluded.text, \
                         programs = excluded.programs",
                    )
                    .bind(&passage.id)
                    .bind(&passage.document)
                    .bind(document_name)
                    .bind(i32::try_from(passage.page).unwrap_or(i32::MAX))
                    .bind(&passage.section)
                    .bind(&passage.text)
                    .bind(programs)
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                }
                tx.commit().await.map_err(unavailable)?;
                Ok(ids.len() as u64)
            }
        }
    }

    async fn search(
        &self,
        query: &str,
        program: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Hit>, Error> {
        let words = query_words(query);
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::from(limit);
        match &self.database {
            engine::Database::Sqlite(pool) => {
                // bm25: lower is better; the section weighs twice the text.
                let rows: Vec<(String, String, String, i64, String, String, String, f64)> =
                    sqlx::query_as(
                        "SELECT passage_id, document, document_name, page, section, text, \
                         programs, bm25(passages_fts, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0, 0.0) AS rank \
                         FROM passages_fts \
                         WHERE passages_fts MATCH $1 \
                         AND ($2 IS NULL OR instr(programs, '|' || $2 || '|') > 0) \
                         ORDER BY rank, passage_id LIMIT $3",
                    )
                    .bind(fts5_query(&words))
                    .bind(program)
                    .bind(limit)
                    .fetch_all(pool)
                    .await
                    .map_err(unavailable)?;
                Ok(rows
                    .into_iter()
                    .map(
                        |(id, document, name, page, section, text, programs, rank)| {
                            hit(
                                (id, document, name, page, section, text),
                                parse_programs_field(&programs),
                                -rank,
                            )
                        },
                    )
                    .collect())
            }
            engine::Database::Postgres(pool) => {
                let rows: Vec<(
                    String,
                    String,
                    String,
                    i32,
                    String,
                    String,
                    Vec<String>,
                    f64,
                )> = sqlx::query_as(
                    "SELECT id, document, document_name, page, section, text, programs, \
                         ts_rank(search, query)::float8 AS score \
                         FROM passages, websearch_to_tsquery('english', $1) AS query \
                         WHERE search @@ query AND ($2::text IS NULL OR $2 = ANY(programs)) \
                         ORDER BY score DESC, id LIMIT $3",
                )
                .bind(websearch_query(&words))
                .bind(program)
                .bind(limit)
                .fetch_all(pool)
                .await
                .map_err(unavailable)?;
                Ok(rows
                    .into_iter()
                    .map(
                        |(id, document, name, page, section, text, programs, score)| {
                            hit(
                                (id, document, name, i64::from(page), section, text),
                                programs,
                                score,
                            )
                        },
                    )
                    .collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_plain_words() {
        assert_eq!(query_words("Do miles expire?"), ["do", "miles", "expire"]);
        assert_eq!(
            query_words("\"x\" OR text:NEAR(a b) -c* ^d AND"),
            ["x", "or", "text", "near", "a", "b", "c", "d", "and"]
        );
        assert!(query_words(" ?! \"\" ").is_empty());
        assert_eq!(query_words("Miles miles MILES"), ["miles"]);
        assert_eq!(
            fts5_query(&query_words("do miles, expire")),
            "\"do\" OR \"miles\" OR \"expire\""
        );
        assert_eq!(websearch_query(&query_words("do miles")), "do or miles");
    }

    #[test]
    fn programs_are_kept_as_whole_ids() {
        let field = programs_field(&["aeroplan".into(), "united_mileageplus".into()]);
        assert_eq!(field, "|aeroplan|united_mileageplus|");
        assert_eq!(
            parse_programs_field(&field),
            ["aeroplan", "united_mileageplus"]
        );
        assert!(parse_programs_field("|").is_empty());
    }
}
