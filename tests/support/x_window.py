#!/usr/bin/python3
"""What the X server knows of process PID's main window (its largest mapped one), as a window
manager would see it; Xvfb has none, so a request here is what a person's hand amounts to.
Usage: x_window.py geometry PID          prints "WIDTH HEIGHT X Y"
       x_window.py id PID                prints its X window id
       x_window.py move PID W H X Y      moves and resizes it, as dragging its edges does
       x_window.py urgent PID            prints "yes" if it asks for attention (WM_HINTS urgency)
       x_window.py unfocus               takes the keyboard focus from every window, as going to
                                         another application does
Exits 1 when PID has no mapped window."""

import sys

from Xlib import X, Xutil, display

screen = display.Display()
root = screen.screen().root
NET_WM_PID = screen.intern_atom("_NET_WM_PID")


def windows(window):
    yield window
    for child in window.query_tree().children:
        yield from windows(child)


def main_window_of(pid):
    def owned_and_mapped(window):
        owner = window.get_full_property(NET_WM_PID, X.AnyPropertyType)
        return owner and owner.value[0] == pid and window.get_attributes().map_state == X.IsViewable

    def area(window):
        geometry = window.get_geometry()
        return geometry.width * geometry.height

    mapped = [window for window in windows(root) if owned_and_mapped(window)]
    if not mapped:
        sys.exit(1)
    return max(mapped, key=area)


command = sys.argv[1]
if command == "unfocus":
    screen.set_input_focus(X.NONE, X.RevertToNone, X.CurrentTime)
    screen.sync()
    sys.exit(0)
window = main_window_of(int(sys.argv[2]))
if command == "move":
    width, height, x, y = (int(value) for value in sys.argv[3:7])
    window.configure(x=x, y=y, width=width, height=height)
    screen.sync()
elif command == "id":
    print(window.id)
elif command == "urgent":
    hints = window.get_wm_hints()
    print("yes" if hints and hints.flags & Xutil.UrgencyHint else "no")
else:
    geometry = window.get_geometry()
    at = window.translate_coords(root, 0, 0)
    print(geometry.width, geometry.height, -at.x, -at.y)
