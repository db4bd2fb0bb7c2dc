//! `maximizer health`: the container health check. Images have no curl or wget, so the
//! binary probes its own `serve` with one plain HTTP/1.0 request.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};

use anyhow::Context as _;

use super::seconds;
use crate::cli::HealthArgs;

pub fn run(args: &HealthArgs) -> anyhow::Result<()> {
    let timeout = seconds("--timeout", args.timeout)?;
    let target = probe_address(&args.listen);
    let address = target
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {target}"))?
        .next()
        .with_context(|| format!("{target} resolves to no address"))?;
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .with_context(|| format!("nothing answers on {target}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {} HTTP/1.0\r\nHost: {target}\r\nUser-Agent: maximizer-health\r\n\r\n",
        args.path
    )?;
    let mut answer = Vec::new();
    stream
        .take(4096)
        .read_to_end(&mut answer)
        .context("reading the answer")?;
    let answer = String::from_utf8_lossy(&answer);
    let status_line = answer.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) != Some("200") {
        anyhow::bail!("{target}{} answered '{status_line}'", args.path);
    }
    println!(
        "{{\"healthy\":true,\"url\":\"http://{target}{}\"}}",
        args.path
    );
    Ok(())
}

/// A listen address as a client reaches it: the unspecified address means this host.
fn probe_address(listen: &str) -> String {
    match listen.rsplit_once(':') {
        Some(("0.0.0.0" | "[::]" | "", port)) => format!("127.0.0.1:{port}"),
        _ => listen.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::probe_address;

    #[test]
    fn probes_the_unspecified_address_on_loopback() {
        assert_eq!(probe_address("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(probe_address("[::]:9000"), "127.0.0.1:9000");
        assert_eq!(probe_address("10.0.0.5:8080"), "10.0.0.5:8080");
    }
}
