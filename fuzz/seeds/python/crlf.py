from app.ws.factory import create_manager

if True: x = create_manager(1); y = 2

def f(a, *b, **c):
    return create_manager(
        a,
    )
