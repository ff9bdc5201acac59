from unittest import mock
from unittest.mock import patch

import pytest

TARGET = "app.ws.factory.create_manager"


@patch("app.ws.factory.create_manager")
def test_create(m):
    with mock.patch("app.ws.factory.helper") as h:
        assert h
    with patch.dict("app.legacy.events.registry", {}):
        pass


def test_monkey(monkeypatch, mocker):
    monkeypatch.setattr("app.ws.factory.create_manager", lambda: None)
    mocker.patch(TARGET)
    assert "app.ws.factory.create_manager" == TARGET  # data, not a path
