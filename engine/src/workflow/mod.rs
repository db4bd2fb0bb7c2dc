//! The API workflow authors write against: [`Context`], the errors, and the [`Registry`]
//! of workflow types.

mod context;
mod error;
pub(crate) mod journal;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use context::{ActivityContext, Context, StepOptions};
pub(crate) use context::{Fatal, RunShared};
pub use error::{ActivityError, StepError, WorkflowError};

type Runner =
    Arc<dyn Fn(Context, String) -> BoxFuture<'static, Result<String, WorkflowError>> + Send + Sync>;
type Validator = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// A registered workflow type: how to run it and how to check an input for it.
#[derive(Clone)]
pub(crate) struct Definition {
    pub(crate) run: Runner,
    pub(crate) validate: Validator,
}

/// The workflow types a process can start and execute, by name.
#[derive(Clone, Default)]
pub struct Registry {
    workflows: BTreeMap<String, Definition>,
    /// Roles other than admin that may start and see runs of a workflow.
    grants: BTreeMap<String, BTreeSet<String>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `workflow` under `name`: an async function of a [`Context`] and a serde
    /// input that returns a serde output.
    pub fn register<I, O, F, Fut>(&mut self, name: &str, workflow: F) -> &mut Self
    where
        I: DeserializeOwned + Send + 'static,
        O: Serialize + 'static,
        F: Fn(Context, I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, WorkflowError>> + Send + 'static,
    {
        let workflow = Arc::new(workflow);
        let run: Runner = Arc::new(move |ctx, input| {
            let workflow = workflow.clone();
            Box::pin(async move {
                let input: I = serde_json::from_str(&input)
                    .map_err(|error| WorkflowError::invalid_input(error.to_string()))?;
                let output = workflow(ctx, input).await?;
                serde_json::to_string(&output)
                    .map_err(|error| WorkflowError::new("serialization", error.to_string()))
            })
        });
        let validate: Validator = Arc::new(|input| {
            serde_json::from_str::<I>(input)
                .map(|_| ())
                .map_err(|error| error.to_string())
        });
        self.workflows
            .insert(name.to_owned(), Definition { run, validate });
        self
    }

    /// Lets `role` (besides admins) start and see runs of `workflow`.
    pub fn grant(&mut self, workflow: &str, role: &str) -> &mut Self {
        self.grants
            .entry(workflow.to_owned())
            .or_default()
            .insert(role.to_owned());
        self
    }

    /// Whether `role` may use `workflow` (admins may use every workflow).
    pub fn is_granted(&self, workflow: &str, role: &str) -> bool {
        role == "admin"
            || self
                .grants
                .get(workflow)
                .is_some_and(|roles| roles.contains(role))
    }

    /// The workflows `role` may use.
    pub fn granted_to(&self, role: &str) -> Vec<String> {
        self.names()
            .filter(|name| self.is_granted(name, role))
            .map(str::to_owned)
            .collect()
    }

    /// The registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.workflows.keys().map(String::as_str)
    }

    /// Whether `name` is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.workflows.contains_key(name)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Definition> {
        self.workflows.get(name)
    }
}
