"""Checks deploy/compose.yaml and deploy/k8s/ where no container engine or cluster runs.

Kubernetes objects are validated against the API schemas by kubernetes-validate (strict:
unknown fields fail); this script adds what schemas cannot see: the pieces refer to each
other correctly (selectors, ports, ConfigMap and Secret names, the HPA's target), probes
and limits are there, the grace period covers the drain, and every environment variable
the deployment files set (compose, Kubernetes, the AWS template, local-cluster.sh) is one
the binary reads. Prints each problem and exits 1 if there is one.
"""

import pathlib
import re
import subprocess
import sys

import yaml

DEPLOY = pathlib.Path(__file__).resolve().parent
ROOT = DEPLOY.parent
KUBERNETES_VERSION = "1.31.0"

# Read by the PostgreSQL driver (sqlx) when DATABASE_URL carries no password.
DRIVER_VARIABLES = {"PGPASSWORD"}

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def binary_variables():
    """Every environment variable the Rust sources read."""
    pattern = re.compile(
        r'env = "([A-Z0-9_]+)"|env::var(?:_os)?\("([A-Z0-9_]+)"\)'
        r'|from_env\("([A-Z0-9_]+)"\)|_ENV: &str = "([A-Z0-9_]+)"'
    )
    names = set()
    for crate in ["engine", "workflows", "activities", "worker"]:
        for path in (ROOT / crate / "src").rglob("*.rs"):
            for match in pattern.finditer(path.read_text()):
                names.update(group for group in match.groups() if group)
    return names


KNOWN = binary_variables() | DRIVER_VARIABLES


def check_variables(where, names):
    for name in names:
        if name not in KNOWN:
            problem(where, f"sets {name}, which the binary does not read")


# ------------------------------------------------------------------ compose


def check_compose():
    where = "compose.yaml"
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose.get("services", {})
    for name in ["postgres", "migrate", "api", "worker"]:
        if name not in services:
            problem(where, f"no '{name}' service")
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        if "image" not in service and "build" not in service:
            problem(where, f"service {name} has neither image nor build")
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")) and source not in declared_volumes:
                problem(where, f"service {name} mounts undeclared volume {source}")
        for dependency, condition in (service.get("depends_on") or {}).items():
            if dependency not in services:
                problem(where, f"service {name} depends on unknown {dependency}")
        if name != "postgres":
            check_variables(f"{where} {name}", (service.get("environment") or {}).keys())
    if not services:
        return
    commands = {name: services[name].get("command", []) for name in ["migrate", "api", "worker"]}
    if commands["migrate"][:1] != ["migrate"]:
        problem(where, "migrate does not run `migrate`")
    if commands["api"][:1] != ["serve"]:
        problem(where, "api does not run `serve`")
    if commands["worker"][:1] != ["work"]:
        problem(where, "worker does not run `work`")
    for name in ["api", "worker"]:
        condition = (services[name].get("depends_on") or {}).get("migrate", {}).get("condition")
        if condition != "service_completed_successfully":
            problem(where, f"{name} does not wait for migrate to complete")
    if (services["migrate"].get("depends_on") or {}).get("postgres", {}).get("condition") != "service_healthy":
        problem(where, "migrate does not wait for a healthy postgres")
    for name in ["postgres", "api"]:
        if "test" not in (services[name].get("healthcheck") or {}):
            problem(where, f"{name} has no health check")
    worker = services["worker"]
    if "container_name" in worker or worker.get("ports"):
        problem(where, "worker has a fixed name or a published port: it cannot scale")


# ------------------------------------------------------------------ Kubernetes


def k8s_objects():
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path.name, document


def pod_spec(obj):
    if obj["kind"] in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def matches(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def check_k8s():
    listed = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"]
    files = sorted(path.name for path in (DEPLOY / "k8s").glob("*.yaml") if path.name != "kustomization.yaml")
    if sorted(listed) != files:
        problem("k8s/kustomization.yaml", f"resources {sorted(listed)} are not the files {files}")

    objects = list(k8s_objects())
    result = subprocess.run(
        [sys.executable, "-m", "kubernetes_validate", "--strict", "--quiet", "-k", KUBERNETES_VERSION]
        + [str(DEPLOY / "k8s" / name) for name in files],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        problem("k8s", "kubernetes-validate failed:\n" + result.stdout + result.stderr)
        return  # The cross-checks below assume well-formed objects.

    by_kind = {}
    for _, obj in objects:
        by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    config_maps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    deployments = by_kind.get("Deployment", {})
    drain = max(float(cm["data"].get("MAXIMIZER_DRAIN_TIMEOUT", 30)) for cm in config_maps.values())
    for name, cm in config_maps.items():
        check_variables(f"k8s ConfigMap {name}", cm.get("data", {}).keys())
    for name, secret in secrets.items():
        check_variables(f"k8s Secret {name}", secret.get("stringData", {}).keys())

    for file, obj in objects:
        where = f"k8s/{file} {obj['kind']} {obj['metadata']['name']}"
        spec = pod_spec(obj)
        if spec is None:
            continue
        if obj["kind"] == "Deployment":
            labels = obj["spec"]["template"]["metadata"].get("labels", {})
            if not matches(obj["spec"]["selector"].get("matchLabels"), labels):
                problem(where, "selector does not match the pod labels")
            if spec.get("terminationGracePeriodSeconds", 30) < drain + 5:
                problem(where, f"terminationGracePeriodSeconds is below the drain timeout ({drain} s) plus 5 s")
        if not spec.get("securityContext", {}).get("runAsNonRoot"):
            problem(where, "pods may run as root")
        for container in spec["containers"]:
            resources = container.get("resources", {})
            if not resources.get("requests") or not resources.get("limits"):
                problem(where, f"container {container['name']} lacks requests or limits")
            for source in container.get("envFrom", []):
                if "configMapRef" in source and source["configMapRef"]["name"] not in config_maps:
                    problem(where, f"unknown ConfigMap {source['configMapRef']['name']}")
                if "secretRef" in source and source["secretRef"]["name"] not in secrets:
                    problem(where, f"unknown Secret {source['secretRef']['name']}")
            check_variables(where, [variable["name"] for variable in container.get("env", [])])
            args = container.get("args", [])
            if args[:1] == ["serve"]:
                if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/health":
                    problem(where, "no liveness probe on /health")
                if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/ready":
                    problem(where, "no readiness probe on /ready")

    pods = {name: d["spec"]["template"]["metadata"].get("labels", {}) for name, d in deployments.items()}
    for name, service in by_kind.get("Service", {}).items():
        targets = [d for d, labels in pods.items() if matches(service["spec"]["selector"], labels)]
        if not targets:
            problem(f"k8s Service {name}", "selects no Deployment's pods")
        for target in targets:
            ports = [p.get("name") for c in pod_spec(deployments[target])["containers"] for p in c.get("ports", [])]
            ports += [p["containerPort"] for c in pod_spec(deployments[target])["containers"] for p in c.get("ports", [])]
            for port in service["spec"]["ports"]:
                if port["targetPort"] not in ports:
                    problem(f"k8s Service {name}", f"targetPort {port['targetPort']} is no port of {target}")
    for name, budget in by_kind.get("PodDisruptionBudget", {}).items():
        if not any(matches(budget["spec"]["selector"].get("matchLabels"), labels) for labels in pods.values()):
            problem(f"k8s PodDisruptionBudget {name}", "selects no Deployment's pods")
    for name, autoscaler in by_kind.get("HorizontalPodAutoscaler", {}).items():
        if autoscaler["spec"]["scaleTargetRef"]["name"] not in deployments:
            problem(f"k8s HorizontalPodAutoscaler {name}", "scales no Deployment of these manifests")
    if not by_kind.get("Job"):
        problem("k8s", "no migration Job")


# ------------------------------------------------------------------ the others


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !Sub, …) as plain values."""


def construct_intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


CloudFormationLoader.add_multi_constructor("!", construct_intrinsic)


def check_aws_template():
    for path in sorted((DEPLOY / "aws").glob("*.yaml")):
        template = yaml.load(path.read_text(), Loader=CloudFormationLoader)
        for name, resource in template["Resources"].items():
            if resource["Type"] != "AWS::ECS::TaskDefinition":
                continue
            for container in resource["Properties"]["ContainerDefinitions"]:
                names = [entry["Name"] for entry in container.get("Environment", []) + container.get("Secrets", [])]
                check_variables(f"aws/{path.name} {name}", names)


def check_local_cluster():
    script = DEPLOY / "local-cluster.sh"
    if script.exists():
        names = re.findall(r"^\s*export ([A-Z0-9_]+)=", script.read_text(), re.MULTILINE)
        check_variables("local-cluster.sh", names)


check_compose()
check_k8s()
check_aws_template()
check_local_cluster()
for line in problems:
    print(line, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"compose.yaml, k8s/ (Kubernetes {KUBERNETES_VERSION} schemas), environment names: ok")
