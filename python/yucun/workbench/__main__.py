"""`yucun serve` (or python3 -m yucun.workbench): starts the planner's workbench."""

import argparse
import ipaddress
import os
import secrets
import socket
import sys


def _loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv=None):
    p = argparse.ArgumentParser(prog="yucun serve", description=(
        "The planner's workbench: a local web app to set up tourism policies, run them against the baseline "
        "and compare them, in Chinese or English. Works offline."))
    p.add_argument("--port", type=int, default=8642, help="port (default 8642; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 shares it on the network, "
                        "with an access token)")
    p.add_argument("--workspace", default="yucun-workspace",
                   help="folder for saved scenarios and cached results (default ./yucun-workspace)")
    p.add_argument("--workers", type=int, default=1, help="scenarios run at the same time (default 1; each uses the cores)")
    p.add_argument("--threads", type=int, default=0, help="threads per run (default: all cores)")
    p.add_argument("--token", default=os.environ.get("YUCUN_TOKEN", ""),
                   help="access token (default: none on 127.0.0.1, a random one otherwise; or $YUCUN_TOKEN)")
    p.add_argument("--yucun", default=None, help="the yucun executable (default: the one built with the module)")
    args = p.parse_args(argv)
    if not 0 <= args.port <= 65535:
        p.error("--port: expected 0 to 65535")
    if not 1 <= args.workers <= 64:
        p.error("--workers: expected 1 to 64")
    token = args.token or ("" if _loopback(args.host) else secrets.token_urlsafe(18))

    try:
        import uvicorn
        from .app import create_app, wrap
    except ImportError as e:
        print(f"yucun serve: {e}: install the workbench's packages with scripts/setup "
              "(python3-fastapi, python3-uvicorn, python3-openpyxl)", file=sys.stderr)
        return 2

    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as e:
        print(f"yucun serve: cannot listen on {args.host}:{args.port}: {e.strerror}; choose another --port", file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    sock.listen(256)  # connections wait in the backlog from now until the server accepts them
    app = create_app(os.path.abspath(args.workspace), executable=args.yucun, workers=args.workers,
                     threads_per_run=args.threads, token=token)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"yucun workbench: open {address}", flush=True)
    print(f"workspace: {os.path.abspath(args.workspace)} (saved scenarios in scenarios/, results in cache/); Ctrl-C stops",
          flush=True)
    config = uvicorn.Config(wrap(app, token), log_level="warning", access_log=False, limit_concurrency=200)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
