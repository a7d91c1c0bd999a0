#!/usr/bin/python3
"""Serves the files of FOLDER over https on 127.0.0.1 with CERT and KEY; prints its port.
Usage: https_files.py FOLDER CERT KEY"""

import functools
import http.server
import ssl
import sys

folder, cert, key = sys.argv[1:4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
