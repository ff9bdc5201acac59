from app.ws.factory import create_manager
create_manager((create_manager(()), create_manager(())))
