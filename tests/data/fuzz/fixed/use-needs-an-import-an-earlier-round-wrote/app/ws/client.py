from app.ws import factory as f
import os
from app.ws.factory import create_manager


def a():
    return create_manager("a"), f.create_manager("b"), os
