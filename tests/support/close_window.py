#!/usr/bin/python3
"""Asks every top-level window of process PID to close, as a window manager's close button does:
a WM_DELETE_WINDOW message, which the app may answer by quitting (not a kill, not a destroy).
Usage: close_window.py PID. Exits 1 when PID has no window that takes the message."""

import sys

from Xlib import X, display, protocol

pid = int(sys.argv[1])
screen = display.Display()
atom = screen.intern_atom
WM_PROTOCOLS, WM_DELETE_WINDOW, NET_WM_PID = (
    atom("WM_PROTOCOLS"), atom("WM_DELETE_WINDOW"), atom("_NET_WM_PID"))


def windows(window):
    yield window
    for child in window.query_tree().children:
        yield from windows(child)


asked = 0
for window in windows(screen.screen().root):
    owner = window.get_full_property(NET_WM_PID, X.AnyPropertyType)
    if not owner or owner.value[0] != pid:
        continue
    if WM_DELETE_WINDOW not in (window.get_wm_protocols() or []):
        continue
    message = protocol.event.ClientMessage(
        window=window, client_type=WM_PROTOCOLS, data=(32, [WM_DELETE_WINDOW, X.CurrentTime, 0, 0, 0]))
    window.send_event(message, event_mask=X.NoEventMask)
    asked += 1
screen.flush()
sys.exit(0 if asked else 1)
