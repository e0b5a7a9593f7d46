"""A pseudo-terminal for `evc sim-board`: the simulated Uno's USB serial port.

Node cannot open a pty, nor see when a program opens or closes one; this does both. It makes a pty pair,
points the symlink argv[1] at its slave (the path a host opens, like /dev/ttyACM0), and relays bytes:
the master's input goes to stdout, stdin goes to the master. On fd 3 it writes one line per change:
"open" when a host opens the port (a real Uno's DTR line resets the board then), "close" when the last
host closes it. Detected from POLLHUP on the master, which Linux raises while no slave is open.
Ends, removing the symlink, when stdin closes.
"""
import os
import pty
import select
import sys
import tty

link = sys.argv[1]
master, slave = pty.openpty()
tty.setraw(slave)
slave_name = os.ttyname(slave)
os.close(slave)
os.set_blocking(master, False)
temporary = link + ".tmp-%d" % os.getpid()
os.symlink(slave_name, temporary)
os.replace(temporary, link)
events = os.fdopen(3, "w", buffering=1)
events.write("ready %s\n" % slave_name)

poller = select.poll()
poller.register(master, select.POLLIN)
poller.register(0, select.POLLIN)
host_open = False
try:
    while True:
        ready = dict(poller.poll(10))
        hang_up = bool(ready.get(master, 0) & select.POLLHUP)
        if hang_up == host_open:
            host_open = not hang_up
            events.write("open\n" if host_open else "close\n")
        if host_open and ready.get(master, 0) & select.POLLIN:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            if data:
                os.write(1, data)
        if ready.get(0, 0) & (select.POLLIN | select.POLLHUP):
            data = os.read(0, 4096)
            if not data:
                break
            if host_open:
                try:
                    os.write(master, data)
                except (BlockingIOError, OSError):
                    pass  # a host that does not read loses bytes, as on a real serial line
        if hang_up and not ready.get(0, 0):
            # POLLHUP holds while no host is open: poll(10) would return at once, so wait for stdin a while.
            select.select([0], [], [], 0.01)
finally:
    try:
        if os.readlink(link) == slave_name:
            os.unlink(link)
    except OSError:
        pass
