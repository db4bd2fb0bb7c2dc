//! The configuration beyond flags: an optional file of `NAME=VALUE` lines (the same names
//! as the environment variables; the environment wins over the file), and
//! `maximizer config`, which prints every setting's effective value, where it came from,
//! and never a secret.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Command};
use serde_json::{Value, json};

/// Environment variables that are not flags but are read by the binary or its SDKs.
const EXTRA_VARIABLES: &[&str] = &[
    "MAXIMIZER_API_KEYS",
    "MAXIMIZER_LOG",
    "MAXIMIZER_LOG_FORMAT",
    "MAXIMIZER_HOSTNAME",
    "AWS_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
];

/// The configuration file and the variables it set (those the environment had not).
#[derive(Debug, Default)]
pub struct ConfigFile {
    /// The file.
    pub path: Option<PathBuf>,
    /// Variables it set.
    pub applied: Vec<String>,
}

/// Reads the file named by `--config FILE` (or `MAXIMIZER_CONFIG`) into the environment,
/// before the command line is parsed; a variable already set keeps its value. Every name
/// must be a setting of this binary, so a typo fails at start instead of being ignored.
pub fn load_file(args: &[OsString], command: &Command) -> Result<ConfigFile, String> {
    let Some(path) = config_path(args) else {
        return Ok(ConfigFile::default());
    };
    let mut applied = Vec::new();
    let text = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "MAXIMIZER_CONFIG: cannot read '{}': {error}",
            path.display()
        )
    })?;
    let known = variables(command);
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let place = format!("{} line {}", path.display(), number + 1);
        let (name, value) = line
            .strip_prefix("export ")
            .unwrap_or(line)
            .split_once('=')
            .ok_or_else(|| format!("{place}: expected NAME=VALUE"))?;
        let name = name.trim();
        if !known.contains_key(name) && !EXTRA_VARIABLES.contains(&name) {
            return Err(format!(
                "{place}: '{name}' is not a setting of maximizer (see `maximizer config`)"
            ));
        }
        let value = unquote(value.trim());
        if std::env::var_os(name).is_none() {
            // SAFETY: called from `main` before the runtime or any other thread starts.
            unsafe { std::env::set_var(name, value) };
            applied.push(name.to_owned());
        }
    }
    Ok(ConfigFile {
        path: Some(path),
        applied,
    })
}

fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--config" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(path) = text.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("MAXIMIZER_CONFIG").map(PathBuf::from)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// Every setting with an environment variable, by variable: (setting id, default).
fn variables(command: &Command) -> BTreeMap<String, (String, Option<String>)> {
    let mut found = BTreeMap::new();
    collect(command, &mut found);
    found
}

fn collect(command: &Command, found: &mut BTreeMap<String, (String, Option<String>)>) {
    for arg in command.get_arguments() {
        if let Some(env) = arg.get_env() {
            let default = arg
                .get_default_values()
                .first()
                .map(|value| value.to_string_lossy().into_owned());
            found
                .entry(env.to_string_lossy().into_owned())
                .or_insert_with(|| (arg.get_id().to_string(), default));
        }
    }
    for sub in command.get_subcommands() {
        collect(sub, found);
    }
}

/// The effective configuration as JSON: per environment variable, the setting's value
/// (secrets redacted) and its source (`flag`, `env`, `file`, `default` or `unset`).
pub fn effective(command: &Command, matches: &ArgMatches, file: &ConfigFile) -> Value {
    let mut settings = serde_json::Map::new();
    let file_names = &file.applied;
    for (env, (id, default)) in variables(command) {
        let from_flag = matches
            .try_get_raw(&id)
            .ok()
            .flatten()
            .filter(|_| matches.value_source(&id) == Some(ValueSource::CommandLine))
            .and_then(|mut values| values.next())
            .map(|value| value.to_string_lossy().into_owned());
        let from_env = std::env::var(&env).ok();
        let (value, source) = match (from_flag, from_env) {
            (Some(value), _) => (Some(value), "flag"),
            (None, Some(value)) if file_names.contains(&env) => (Some(value), "file"),
            (None, Some(value)) => (Some(value), "env"),
            (None, None) => match default {
                Some(value) => (Some(value), "default"),
                None => (None, "unset"),
            },
        };
        let value = value.map(|value| redact(&env, &value));
        settings.insert(env, json!({ "value": value, "source": source }));
    }
    for env in EXTRA_VARIABLES {
        let value = std::env::var(env).ok();
        let source = match &value {
            Some(_) if file_names.iter().any(|name| name == env) => "file",
            Some(_) => "env",
            None => "unset",
        };
        let value = value.map(|value| redact(env, &value));
        settings.insert(
            (*env).to_owned(),
            json!({ "value": value, "source": source }),
        );
    }
    json!({
        "config_file": file.path.as_ref().map(|path| path.display().to_string()),
        "settings": settings,
    })
}

/// Hides secrets: keys, tokens and passwords entirely; a URL's password only.
fn redact(name: &str, value: &str) -> String {
    let upper = name.to_ascii_uppercase();
    if ["KEY", "SECRET", "TOKEN", "PASSWORD"]
        .iter()
        .any(|word| upper.contains(word))
        && !upper.ends_with("_FILE")
        && !upper.ends_with("KEY_ID")
    {
        return "<redacted>".to_owned();
    }
    redact_url_password(value)
}

fn redact_url_password(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return value.to_owned();
    };
    let Some((user, _password)) = userinfo.split_once(':') else {
        return value.to_owned();
    };
    format!(
        "{scheme}://{user}:<redacted>@{host}{}",
        &rest[authority_end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show() {
        assert_eq!(redact("MAXIMIZER_API_KEYS", "abc=admin"), "<redacted>");
        assert_eq!(redact("MAXIMIZER_OPENAI_API_KEY", "sk-1"), "<redacted>");
        assert_eq!(redact("AWS_SECRET_ACCESS_KEY", "x"), "<redacted>");
        assert_eq!(redact("MAXIMIZER_API_KEYS_FILE", "/etc/keys"), "/etc/keys");
        assert_eq!(
            redact(
                "DATABASE_URL",
                "postgres://app:hunter2@db:5432/maximizer?sslmode=require"
            ),
            "postgres://app:<redacted>@db:5432/maximizer?sslmode=require"
        );
        assert_eq!(
            redact("DATABASE_URL", "postgres://app@db/maximizer"),
            "postgres://app@db/maximizer"
        );
    }
}
