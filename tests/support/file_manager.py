#!/usr/bin/python3
"""A file manager on the session bus, as far as an app asking it to show a file sees one: it
answers org.freedesktop.FileManager1.ShowItems by adding each URI it was asked to show to the
file named by its argument. Prints "ready" once it owns its name.
Usage: file_manager.py SHOWN_FILE"""

import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

INTERFACE = "org.freedesktop.FileManager1"


class FileManager(dbus.service.Object):
    @dbus.service.method(INTERFACE, in_signature="ass", out_signature="")
    def ShowItems(self, uris, startup_id):
        with open(sys.argv[1], "a") as shown:
            for uri in uris:
                shown.write(uri + "\n")


DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(INTERFACE, bus, do_not_queue=True)
FileManager(bus, "/org/freedesktop/FileManager1")
print("ready", flush=True)
GLib.MainLoop().run()
