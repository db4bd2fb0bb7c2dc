//! Profiles and conversations in the engine's database, on SQLite and on PostgreSQL (a
//! throwaway server): a profile replaced as a whole, a conversation owned by its first
//! user, turns numbered in order and saved once per run, the embedded knowledge graph
//! rebuilt after a load.

#[macro_use]
mod support;

use activities::conversations::{ConversationStore, SqlConversations, Turn};
use activities::facts::{Facts, Program};
use activities::graph::{GraphStore, SqlGraph, to_graph};
use activities::profiles::{ProfileStore, ProfileUpdate, ProgramMembership, SqlProfiles};
use activities::tools::{EmbeddedKnowledge, KnowledgeGraph};
use activities::understanding::Understood;

fn turn(run_id: &str, text: &str) -> Turn {
    Turn {
        seq: 0,
        run_id: run_id.into(),
        text: text.into(),
        understood: Understood::default(),
        tool_calls: Vec::new(),
        reply: format!("reply to {text}"),
        citations: Vec::new(),
        created_at: 0,
    }
}

async fn profiles_replace_and_read_back(database: engine::Database) {
    let profiles = SqlProfiles::open(database).await.unwrap();
    assert!(profiles.get("ana").await.unwrap().is_none());
    let update = ProfileUpdate {
        programs: vec![ProgramMembership {
            program: "aeroplan".into(),
            membership_number: Some("123".into()),
            status_tier: Some("35K".into()),
        }],
        home_airport: Some("YYZ".into()),
        ..ProfileUpdate::default()
    };
    profiles.put("ana", &update).await.unwrap();
    profiles.put("ana", &update).await.unwrap();
    let stored = profiles.get("ana").await.unwrap().unwrap();
    assert_eq!(stored.details, update);
    assert_eq!(stored.tier_in("aeroplan"), Some("35K"));
    profiles
        .put("ana", &ProfileUpdate::default())
        .await
        .unwrap();
    assert!(
        profiles
            .get("ana")
            .await
            .unwrap()
            .unwrap()
            .details
            .programs
            .is_empty()
    );
}

async fn conversations_keep_owner_and_turn_order(database: engine::Database) {
    let store = SqlConversations::open(database).await.unwrap();
    assert_eq!(store.claim("c1", "ana").await.unwrap(), "ana");
    assert_eq!(
        store.claim("c1", "bob").await.unwrap(),
        "ana",
        "the first user keeps it"
    );
    assert_eq!(store.owner("nope").await.unwrap(), None);
    assert_eq!(
        store.append("c1", &turn("run-1", "first")).await.unwrap(),
        1
    );
    assert_eq!(
        store.append("c1", &turn("run-2", "second")).await.unwrap(),
        2
    );
    // A replayed save of the same run saves nothing new.
    assert_eq!(
        store.append("c1", &turn("run-1", "first")).await.unwrap(),
        1
    );
    let turns = store.turns("c1", 10).await.unwrap();
    let texts: Vec<&str> = turns.iter().map(|turn| turn.text.as_str()).collect();
    assert_eq!(texts, ["first", "second"]);
    assert_eq!(
        store.turns("c1", 1).await.unwrap()[0].seq,
        2,
        "the last turns"
    );
}

async fn the_embedded_graph_sees_each_load(database: engine::Database) {
    let graph = SqlGraph::open(database).await.unwrap();
    let knowledge = EmbeddedKnowledge::new(graph.clone());
    assert!(knowledge.programs().await.unwrap().is_empty());
    let facts = Facts {
        programs: vec![Program {
            id: "aeroplan".into(),
            name: "Aeroplan".into(),
            ..Program::default()
        }],
        ..Facts::default()
    };
    graph.load(&to_graph("doc", &facts)).await.unwrap();
    assert_eq!(knowledge.programs().await.unwrap().len(), 1);
    let version = knowledge.version().await.unwrap();
    graph.load(&to_graph("doc", &facts)).await.unwrap();
    assert_eq!(
        knowledge.version().await.unwrap(),
        version,
        "an unchanged load"
    );
}

on_both_backends!(
    "conv_";
    profiles_replace_and_read_back,
    conversations_keep_owner_and_turn_order,
    the_embedded_graph_sees_each_load,
);
