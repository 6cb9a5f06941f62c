import pytest

from tests.support import make_project, run_invoke


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A fresh project holding the sample capture, built with `invoke build` (site and search index)."""
    project = make_project(tmp_path_factory.mktemp("project"))
    run_invoke(project, "build")
    return project
