from __future__ import annotations

from pathlib import Path

import pytest

from config.policy import Policy, load_policy
from config.settings import SHIPPED_POLICY
from nlu.analyzer import Analyzer
from nlu.reports import EvaluationReport
from nlu.train_and_evaluate import evaluate


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(SHIPPED_POLICY)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nlu-model")


@pytest.fixture(scope="session")
def analyzer(policy: Policy, model_dir: Path) -> Analyzer:
    return Analyzer.load(policy, model_dir)


@pytest.fixture(scope="session")
def evaluation(policy: Policy, model_dir: Path, analyzer: Analyzer) -> EvaluationReport:
    return evaluate(policy, model_dir)
