"""The Pages workflow and the Python pins (issue 10, point 7): least privilege per job,
actions pinned to full commit SHAs, no persisted checkout credentials, hashed pins."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())


def steps(job):
    return WORKFLOW["jobs"][job]["steps"]


def test_no_workflow_wide_permissions():
    assert WORKFLOW["permissions"] == {}


def test_build_job_only_reads_the_repository():
    assert WORKFLOW["jobs"]["build"]["permissions"] == {"contents": "read"}


def test_deploy_job_writes_pages_and_installs_nothing():
    assert WORKFLOW["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for step in steps("deploy"):
        assert "run" not in step, step  # no npm / pip where the write token lives


def test_every_action_is_pinned_to_a_commit_sha():
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{ref}: tag comment missing"


def test_checkout_keeps_no_credentials():
    for job in WORKFLOW["jobs"]:
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_python_pins_are_hashed_and_installed_with_require_hashes():
    text = (ROOT / "requirements.txt").read_text()
    pins = re.findall(r"^([A-Za-z0-9._-]+)==\S+((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)",
                      text, re.M)
    names = re.findall(r"^([A-Za-z0-9._-]+)==", text, re.M)
    assert names and [n for n, _ in pins] == names  # every pin carries its hashes
    assert "file://" not in text and "--find-links" not in text  # no machine paths
    makefile = (ROOT / "Makefile").read_text()
    assert "install -q --require-hashes -r requirements.txt" in makefile
