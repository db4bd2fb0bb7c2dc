//! `maximizer schedules …`: cron schedules that start runs.

use anyhow::Context as _;
use engine::Engine;
use engine::model::now_millis;
use engine::store::OverlapPolicy;

use super::parse_json;
use super::runs::print_json;
use crate::cli::SchedulesCommand;

pub async fn run(engine: &Engine, command: SchedulesCommand) -> anyhow::Result<()> {
    let store = engine.store();
    match command {
        SchedulesCommand::Create {
            id,
            cron,
            workflow,
            input,
            overlap,
        } => {
            let overlap = OverlapPolicy::parse(&overlap)
                .with_context(|| format!("--overlap '{overlap}' must be skip or allow"))?;
            let input = parse_json("--input", &input)?;
            let schedule = engine
                .put_schedule(&id, &cron, &workflow, input, overlap)
                .await?;
            print_json(&schedule)
        }
        SchedulesCommand::List => {
            for schedule in store.list_schedules().await? {
                print_json(&schedule)?;
            }
            Ok(())
        }
        SchedulesCommand::Delete { id } => {
            store.delete_schedule(&id).await?;
            print_json(&serde_json::json!({"deleted": id}))
        }
        SchedulesCommand::Pause { id } => {
            store.set_schedule_paused(&id, true, now_millis()).await?;
            print_json(&store.get_schedule(&id).await?)
        }
        SchedulesCommand::Resume { id } => {
            store.set_schedule_paused(&id, false, now_millis()).await?;
            print_json(&store.get_schedule(&id).await?)
        }
    }
}
