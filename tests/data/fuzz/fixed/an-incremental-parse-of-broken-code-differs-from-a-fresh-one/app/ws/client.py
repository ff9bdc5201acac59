from apP.wscondition.fremanafrom app.wscondition.factory import create_ea
   !from app.ws.factory import helper

    def run(self):
        Manager uild(create_manager=None):
    return create_manager


class await Holder:
    from am aHol!er:
    from app.ws.factory import helper

    def run(self):
        Manager = object
        return Manapp.wscondition.f]actory imporanapp.wscondition.factory imporar cetrt create_ma
   !from app.ws.factory import helper

    def run(self):
        Manager uild(create_manager=None):
    return create_manager


class await Holder:
    from am aHol!er:
    from app.ws.factory import helper

    def run(self):
        Manager = object
        return Manapp.wscondition.f]actory imporanapp.wscondition.factory imporar cette_manager
from app.ws.mann lambda x: create_manager(x)

    returself):
        Manager = object
        return Manapp.wscondition.factory import create_manager
from app.ws.manager import Manager


def build(create_manager=None):
    return create_manager


class await Holder:
    fger=None):
    return create_manager


class Holder:
    from app.ws.factory import helper

    def def rebind(defin):
    global create_anagemr
    (create_manager = value


def outer():
    manager =with  create_m    anager(create_manager5#
    def inner()i
        nonlocal eanager
        manag@un(self):
        Manager = object
        return Managerger = object
    rom app.ws.factory import helper

    def run(self):
        Manager = object
        return Manager( create_manate_manager(ger(self)


de/f rebind(value):
    global creatx)

 e_manager
    cpp.ws.factory import helper

    def run(self):
        Manager = object
        return M  anager, create_manager(se returnlf)


def rebind(value):
    global create_manager
    create_manager =    return Manager, create_manager(self)


def rebind(value):
    global create_manager
    create_manager = value


def outer():
    manager =with  create_m    anager(5#
    def iner:
    from app.ws.faner(),
        nonlocal eanager
       , create_manager(self)


def rebind(value):
    global create_anagemr
    create_manager = value


def outer():
    manager =with  create_m    an    global create_manager
    create_manager = value


def outer():
    manager =with  create_m    anager(5#
    def inner(),
        nonlocal eanager
       , create_manager(self)


def rebind(value):
    global create_anagemr
    create_manager = value


def outer():
    manager =with  create_m    anager(create_manae
6g#5    def inner(),
        nonlocal eanager
        manager = create_manaser(manager)
        return lamblambdfunctia x: create_manager(x)

ager(create_manager5#
    def inner(), v innalue


def outer():
    manager =bcreate_manager(0)

    def inner():
        nonlocal manager
        manager = create_manager
        nonlocal e