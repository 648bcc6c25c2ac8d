"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus."""
    return CORPUS


@pytest.fixture(scope="session")
def test_data() -> Path:
    """``tests/data``."""
    return DATA


@pytest.fixture(scope="session")
def load_tool():
    """Import a script of ``tools/`` by name (``load_tool("make_regions")``)."""
    import importlib.util

    def load(name: str):
        path = ROOT / "tools" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"tools_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def run_cli():
    """Run the ``graphkit`` command in-process: ``run_cli("extract", path)``.

    Returns click's ``Result`` with ``exit_code``, ``stdout`` and ``stderr`` apart.
    """
    from click.testing import CliRunner

    from graphkit.cli import cli

    def run(*args: object, **kwargs):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


PLAN_LINES = [
    "拉萨市人民政府关于印发优化营商环境工作方案的通知",
    "拉政发〔2021〕9号",
    "各县（区）人民政府，市直各部门：",
    "一、重点任务",
    "1.压缩企业开办时间，全程网办，3个工作日办结。（市市场监管局牵头，市公安局、市税务局配合）",
    "2.推进不动产登记一窗办理。（市自然资源局负责）",
    "3.加强事中事后监管，2021年底前完成。（市市场监管局牵头，市发改委配合）",
    "4.优化办税服务。（市税务局负责）",
]


@pytest.fixture
def plan_lines() -> list[str]:
    """A small plan, one line per item: four measures with bracket clauses."""
    return list(PLAN_LINES)
