#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that is free now: the one port finder of the
# tests, for servers that cannot take port 0 and report what they got
# (PostgreSQL; the backend container, whose HEALTHCHECK reads PORT).
set -euo pipefail
node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
