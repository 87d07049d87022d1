"""A desktop notification service for the end-to-end tests: owns org.freedesktop.Notifications on the session
bus (as a desktop's notification daemon does) and appends each notification it is asked to show, as a JSON
line with its summary and body, to the file named on the command line. Prints "ready" once it owns the name."""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, PATH)
        self.log = log
        self.shown = 0

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        self.shown += 1
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(json.dumps({"app": str(app_name), "summary": str(summary), "body": str(body)}) + "\n")
        return self.shown

    @dbus.service.method(NAME, out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    @dbus.service.method(NAME, out_signature="ssss")
    def GetServerInformation(self):
        return ("agora-e2e", "agora", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="u")
    def CloseNotification(self, notification_id):
        pass


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    Notifications(bus, sys.argv[1])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
