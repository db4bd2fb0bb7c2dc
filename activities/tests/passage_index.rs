//! The SQL passage index on SQLite (FTS5) and on PostgreSQL (a throwaway server): any-word
//! ranked search, program filter, replacement of a document's passages, hostile input.

mod support;

use activities::index::{PassageIndex, SqlIndex};
use activities::passages::Passage;

fn passage(document: &str, n: u32, section: &str, text: &str) -> Passage {
    Passage {
        id: format!("{document}:{n}"),
        document: document.into(),
        page: n,
        section: section.into(),
        text: text.into(),
    }
}

fn aeroplan() -> Vec<Passage> {
    vec![
        passage(
            "doc-ap",
            1,
            "Earning on partners",
            "Flights on Lufthansa in fare class K earn 50% of the distance flown.",
        ),
        passage(
            "doc-ap",
            2,
            "Expiry",
            "Aeroplan points expire if the account has no activity for 18 consecutive months.",
        ),
        passage(
            "doc-ap",
            3,
            "Award chart",
            "| Zone | Economy | Business |\n| Atlantic | 35,000 | 60,000 |",
        ),
    ]
}

fn united() -> Vec<Passage> {
    vec![passage(
        "doc-ua",
        1,
        "Miles that don't expire",
        "MileagePlus miles do not expire, regardless of account activity.",
    )]
}

async fn index_with_samples(index: &SqlIndex) {
    assert_eq!(
        index
            .index("aeroplan.pdf", &["aeroplan".into()], &aeroplan())
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        index
            .index("united.md", &["united_mileageplus".into()], &united())
            .await
            .unwrap(),
        1
    );
}

async fn any_word_finds_the_expiry_passage(index: &SqlIndex) {
    index_with_samples(index).await;
    let hits = index.search("do miles expire", None, 10).await.unwrap();
    assert!(!hits.is_empty());
    let ids: Vec<&str> = hits.iter().map(|hit| hit.passage.id.as_str()).collect();
    assert!(ids.contains(&"doc-ua:1"), "{ids:?}");
    assert!(ids.contains(&"doc-ap:2"), "stemmed 'expire': {ids:?}");
    assert!(!ids.contains(&"doc-ap:3"), "{ids:?}");
    assert!(
        hits.windows(2).all(|pair| pair[0].score >= pair[1].score),
        "best first"
    );
    let top = &hits[0];
    assert_eq!(top.passage.id, "doc-ua:1", "most words matched ranks first");
    assert_eq!(top.document_name, "united.md");
    assert_eq!(top.programs, ["united_mileageplus"]);
    assert_eq!(top.passage.section, "Miles that don't expire");
    assert_eq!(top.passage.page, 1);

    let expiring = index
        .search("When do points expire?", Some("aeroplan"), 10)
        .await
        .unwrap();
    let ids: Vec<&str> = expiring.iter().map(|hit| hit.passage.id.as_str()).collect();
    assert_eq!(ids, ["doc-ap:2"]);
    assert!(
        index
            .search("expire", Some("nobody"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        index.search("miles expire", None, 1).await.unwrap().len(),
        1
    );
}

async fn hostile_input_does_not_break_the_syntax(index: &SqlIndex) {
    index_with_samples(index).await;
    for query in [
        "\"",
        "expire\"",
        "expire OR",
        "AND expire NOT",
        "text:expire",
        "NEAR(expire miles)",
        "expi*",
        "-expire",
        "(expire",
        "'; DROP TABLE passages; --",
        "^expire",
        "!!!",
        "",
        "ünïcödé zone",
        "expire | miles & !lufthansa <-> 'x'",
    ] {
        let hits = index.search(query, None, 10);
        assert!(hits.await.is_ok(), "{query:?}");
    }
    let hits = index
        .search("\"Lufthansa\" AND (K", None, 10)
        .await
        .unwrap();
    assert_eq!(hits[0].passage.id, "doc-ap:1");
    assert_eq!(index.len().await.unwrap(), 4);
}

async fn indexing_again_replaces_the_document(index: &SqlIndex) {
    index_with_samples(index).await;
    index_with_samples(index).await;
    assert_eq!(index.len().await.unwrap(), 4, "idempotent");
    let shorter = vec![passage(
        "doc-ap",
        1,
        "Expiry",
        "Points now expire after 24 months.",
    )];
    index
        .index("aeroplan.pdf", &["aeroplan".into()], &shorter)
        .await
        .unwrap();
    assert_eq!(index.len().await.unwrap(), 2);
    let hits = index.search("lufthansa", None, 10).await.unwrap();
    assert!(hits.is_empty(), "old passages are gone: {hits:?}");
    let hits = index.search("expire", Some("aeroplan"), 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].passage.text.contains("24 months"));
}

async fn index_on(database: engine::Database) -> SqlIndex {
    let index = SqlIndex::open(database.clone()).await.unwrap();
    SqlIndex::open(database).await.unwrap();
    assert!(index.is_empty().await.unwrap());
    index
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (database, _dir) = crate::support::sqlite().await;
                    super::$name(&super::index_on(database).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(database) =
                        crate::support::postgres(concat!("index_", stringify!($name))).await
                    else {
                        return;
                    };
                    super::$name(&super::index_on(database).await).await;
                }
            )*
        }
    };
}

both_backends!(
    any_word_finds_the_expiry_passage,
    hostile_input_does_not_break_the_syntax,
    indexing_again_replaces_the_document,
);
