try:
    pass
except ImportError:
    import app
(app.ws.factory.helper)
from app.ws.factory import create_manager
