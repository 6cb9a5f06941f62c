import pytest

from newsarchive.fetch.http import FetchPolicy


@pytest.fixture
def policy():
    """Polite in every way but patience: no delay between requests, short waits."""
    return FetchPolicy(
        user_agent="newsarchive-tests/1 (+https://tests.example/)",
        delay=0.0,
        backoff=0.01,
        read_timeout=1.0,
        connect_timeout=1.0,
        retries=2,
        max_bytes=200_000,
        allowed_networks=("127.0.0.1/32",),
    )
