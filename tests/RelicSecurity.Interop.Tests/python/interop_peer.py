#!/usr/bin/python3
"""grpcio peer for the RelicSecurity interop tests and benchmark.

server mode: serves relic.interop.v1.InteropService on 127.0.0.1 and prints "LISTENING <port>".
client mode: runs the feature checklist against --target and prints one JSON line per feature:
  {"peer": "python", "feature": "...", "pass": true|false, "detail": "..."}

Stubs are generated at start-up from the .proto into a temporary directory (never committed).
Runs with Debian's python3-grpcio / python3-grpc-tools (/usr/bin/python3).
"""

import argparse
import importlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent import futures

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTO_ROOT = os.path.join(HERE, "..", "Protos")
PROTO_FILE = "interop/v1/interop.proto"
SERVICE = "relic.interop.v1.InteropService"
MAX_MESSAGE = 4 * 1024 * 1024
NON_ASCII_MESSAGE = "文物未找到: Qianlong vase ü — 100% ✓"


def load_stubs(proto_root):
    """Generates interop_pb2 / interop_pb2_grpc into a temp dir and imports them."""
    out = tempfile.mkdtemp(prefix="relic-interop-py-")
    from grpc_tools import protoc  # noqa: deferred so --help works without grpc_tools

    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["grpc_tools.protoc", f"-I{proto_root}", f"-I{include}",
            f"--python_out={out}", f"--grpc_python_out={out}", PROTO_FILE]
    if protoc.main(args) != 0:
        raise SystemExit(f"protoc failed for {PROTO_FILE} under {proto_root}")
    sys.path.insert(0, out)
    pb2 = importlib.import_module("interop.v1.interop_pb2")
    pb2_grpc = importlib.import_module("interop.v1.interop_pb2_grpc")
    return out, pb2, pb2_grpc


# ----------------------------------------------------------------------------------------------
# server
# ----------------------------------------------------------------------------------------------

def echo_metadata(context):
    seen = [(k, v) for k, v in context.invocation_metadata() if k.startswith("x-echo-")]
    return seen


def make_servicer(pb2, pb2_grpc):
    outcomes = {}
    outcomes_lock = threading.Lock()

    def apply_echo(context, seen):
        if seen:
            context.send_initial_metadata(seen)
            context.set_trailing_metadata([("x-trailer-" + k[len("x-echo-"):], v) for k, v in seen])

    def entries(seen):
        result = []
        for k, v in seen:
            if k.endswith("-bin"):
                result.append(pb2.MetadataEntry(key=k, binary_value=bytes(v)))
            else:
                result.append(pb2.MetadataEntry(key=k, text_value=v))
        return result

    def fail(context, spec):
        context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == spec.code)), spec.message)

    class Servicer(pb2_grpc.InteropServiceServicer):
        def Echo(self, request, context):
            seen = echo_metadata(context)
            apply_echo(context, seen)
            if request.compress_response:
                context.set_compression(grpc.Compression.Gzip)
            if request.HasField("error") and request.error.code != 0:
                fail(context, request.error)
            payload = b"x" * request.response_size if request.response_size > 0 else request.payload
            remaining = context.time_remaining()  # grpcio: a huge value when the call has no deadline
            return pb2.EchoResponse(text=request.text, payload=payload, metadata=entries(seen),
                                    deadline_remaining_ms=-1 if remaining is None or remaining > 1e8 else int(remaining * 1000))

        def ServerStream(self, request, context):
            seen = echo_metadata(context)
            apply_echo(context, seen)
            if request.compress_response:
                context.set_compression(grpc.Compression.Gzip)
            has_error = request.HasField("error") and request.error.code != 0
            for i in range(request.count):
                if has_error and i == request.error.after_messages:
                    fail(context, request.error)
                if i > 0 and request.interval_ms > 0:
                    time.sleep(request.interval_ms / 1000)
                yield pb2.EchoResponse(index=i, payload=b"x" * request.size)
            if has_error:
                fail(context, request.error)

        def ClientStream(self, request_iterator, context):
            seen = echo_metadata(context)
            apply_echo(context, seen)
            count, total, texts = 0, 0, []
            for req in request_iterator:
                if req.HasField("error") and req.error.code != 0:
                    fail(context, req.error)
                count += 1
                total += len(req.payload)
                texts.append(req.text)
            return pb2.EchoResponse(text=",".join(texts), message_count=count, total_bytes=total,
                                    metadata=entries(seen))

        def Bidi(self, request_iterator, context):
            seen = echo_metadata(context)
            apply_echo(context, seen)
            for i, req in enumerate(request_iterator):
                if req.HasField("error") and req.error.code != 0:
                    fail(context, req.error)
                yield pb2.EchoResponse(index=i, text=req.text, payload=req.payload)

        def Slow(self, request, context):
            start = time.monotonic()
            ended = threading.Event()
            context.add_callback(ended.set)
            cancelled = ended.wait(request.delay_ms / 1000)
            elapsed = int((time.monotonic() - start) * 1000)
            with outcomes_lock:
                outcomes[request.id] = (cancelled, elapsed)
            return pb2.SlowResponse(id=request.id, elapsed_ms=elapsed)

        def SlowOutcome(self, request, context):
            with outcomes_lock:
                found = outcomes.get(request.id)
            if found is None:
                return pb2.SlowOutcomeResponse(known=False)
            return pb2.SlowOutcomeResponse(known=True, cancelled=found[0], elapsed_ms=found[1])

    return Servicer()


def run_server(args, pb2, pb2_grpc):
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=args.threads),
        options=[("grpc.max_receive_message_length", MAX_MESSAGE),
                 ("grpc.so_reuseport", 0)])
    pb2_grpc.add_InteropServiceServicer_to_server(make_servicer(pb2, pb2_grpc), server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"LISTENING {port}", flush=True)
    try:
        # Stop when the parent closes our stdin (tests) or on SIGTERM/SIGINT (bench).
        if args.stdin_lifetime:
            sys.stdin.read()
        else:
            server.wait_for_termination()
    except KeyboardInterrupt:
        pass
    server.stop(grace=1).wait()


# ----------------------------------------------------------------------------------------------
# client checklist
# ----------------------------------------------------------------------------------------------

class Check(Exception):
    pass


def expect(cond, detail):
    if not cond:
        raise Check(detail)


def expect_status(fn, code, message=None):
    try:
        result = fn()
        if hasattr(result, "__iter__") and not isinstance(result, (bytes, str)):
            list(result)
    except grpc.RpcError as e:
        expect(e.code() == code, f"expected {code.name}, got {e.code().name}: {e.details()!r}")
        if message is not None:
            expect(e.details() == message, f"expected message {message!r}, got {e.details()!r}")
        return e
    raise Check(f"expected {code.name}, call succeeded")


def error_spec(pb2, code, message, after=0):
    return pb2.ErrorSpec(code=code.value[0], message=message, after_messages=after)


class BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                  grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Sends RELIC_TOKEN as "authorization: Bearer ..." on every call (the gateway refuses calls without a token)."""

    def __init__(self, token):
        self._header = ("authorization", "Bearer " + token)

    def _with_token(self, details):
        metadata = list(details.metadata or []) + [self._header]
        return details._replace(metadata=metadata) if hasattr(details, "_replace") else _CallDetails(
            details.method, details.timeout, metadata, details.credentials, details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._with_token(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._with_token(details), request_iterator)


class _CallDetails(grpc.ClientCallDetails):
    def __init__(self, method, timeout, metadata, credentials, wait_for_ready, compression):
        self.method = method
        self.timeout = timeout
        self.metadata = metadata
        self.credentials = credentials
        self.wait_for_ready = wait_for_ready
        self.compression = compression


def checklist(pb2, pb2_grpc, target, proto_root):
    channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", MAX_MESSAGE)])
    if os.environ.get("RELIC_TOKEN"):
        channel = grpc.intercept_channel(channel, BearerToken(os.environ["RELIC_TOKEN"]))
    stub = pb2_grpc.InteropServiceStub(channel)
    checks = {}

    def feature(name):
        def register(fn):
            checks[name] = fn
            return fn
        return register

    @feature("unary")
    def _():
        r = stub.Echo(pb2.EchoRequest(text="文物 relic ✓", payload=bytes(range(256))), timeout=20)
        expect(r.text == "文物 relic ✓", f"text {r.text!r}")
        expect(r.payload == bytes(range(256)), "payload differs")
        return "echoed text and 256-byte payload"

    @feature("server_streaming")
    def _():
        got = list(stub.ServerStream(pb2.StreamRequest(count=5, size=100), timeout=20))
        expect([m.index for m in got] == [0, 1, 2, 3, 4], f"indexes {[m.index for m in got]}")
        expect(all(len(m.payload) == 100 for m in got), "payload sizes")
        return "5 messages in order"

    @feature("client_streaming")
    def _():
        reqs = [pb2.EchoRequest(text=f"m{i}", payload=b"y" * (i * 10)) for i in range(4)]
        r = stub.ClientStream(iter(reqs), timeout=20)
        expect(r.message_count == 4 and r.total_bytes == 60 and r.text == "m0,m1,m2,m3",
               f"count={r.message_count} bytes={r.total_bytes} text={r.text!r}")
        return "4 messages counted"

    @feature("bidi")
    def _():
        # Ping-pong: the next request is only sent after the previous answer arrived, which
        # proves the server answers while the request stream is still open.
        outbox = queue.Queue()

        def requests():
            while True:
                item = outbox.get()
                if item is None:
                    return
                yield item

        outbox.put(pb2.EchoRequest(text="ping0"))
        call = stub.Bidi(requests(), timeout=20)
        texts = []
        for i, resp in enumerate(call):
            texts.append(resp.text)
            if i < 3:
                outbox.put(pb2.EchoRequest(text=f"ping{i + 1}"))
            else:
                outbox.put(None)
        expect(texts == ["ping0", "ping1", "ping2", "ping3"], f"got {texts}")
        return "4 ping-pong rounds"

    @feature("error_before_messages")
    def _():
        expect_status(lambda: stub.Echo(pb2.EchoRequest(error=error_spec(pb2, grpc.StatusCode.NOT_FOUND, "no such site")), timeout=20),
                      grpc.StatusCode.NOT_FOUND, "no such site")
        got = []
        call = stub.ServerStream(pb2.StreamRequest(count=3, error=error_spec(pb2, grpc.StatusCode.FAILED_PRECONDITION, "stage", 0)), timeout=20)
        expect_status(lambda: [got.append(m) for m in call], grpc.StatusCode.FAILED_PRECONDITION, "stage")
        expect(not got, f"{len(got)} messages before the error")
        return "unary and streaming fail before any message"

    @feature("error_after_messages")
    def _():
        got = []
        call = stub.ServerStream(pb2.StreamRequest(count=5, size=10, error=error_spec(pb2, grpc.StatusCode.ABORTED, "stopped after two", 2)), timeout=20)
        expect_status(lambda: [got.append(m) for m in call], grpc.StatusCode.ABORTED, "stopped after two")
        expect(len(got) == 2, f"{len(got)} messages before the error, expected 2")
        reqs = [pb2.EchoRequest(text="a"), pb2.EchoRequest(text="b"),
                pb2.EchoRequest(error=error_spec(pb2, grpc.StatusCode.OUT_OF_RANGE, "bidi stop"))]
        got_bidi = []
        call = stub.Bidi(iter(reqs), timeout=20)
        expect_status(lambda: [got_bidi.append(m) for m in call], grpc.StatusCode.OUT_OF_RANGE, "bidi stop")
        expect(len(got_bidi) == 2, f"bidi: {len(got_bidi)} messages before the error, expected 2")
        return "server stream and bidi fail after 2 messages"

    @feature("non_ascii_status")
    def _():
        expect_status(lambda: stub.Echo(pb2.EchoRequest(error=error_spec(pb2, grpc.StatusCode.INVALID_ARGUMENT, NON_ASCII_MESSAGE)), timeout=20),
                      grpc.StatusCode.INVALID_ARGUMENT, NON_ASCII_MESSAGE)
        got = []
        call = stub.ServerStream(pb2.StreamRequest(count=3, error=error_spec(pb2, grpc.StatusCode.INTERNAL, NON_ASCII_MESSAGE, 1)), timeout=20)
        expect_status(lambda: [got.append(m) for m in call], grpc.StatusCode.INTERNAL, NON_ASCII_MESSAGE)
        return "UTF-8 message intact in trailers-only and in trailers"

    @feature("deadline_client")
    def _():
        sid = str(uuid.uuid4())
        started = time.monotonic()
        expect_status(lambda: stub.Slow(pb2.SlowRequest(id=sid, delay_ms=10000), timeout=0.3), grpc.StatusCode.DEADLINE_EXCEEDED)
        took = time.monotonic() - started
        expect(took < 5, f"took {took:.1f}s")
        return f"DEADLINE_EXCEEDED after {took * 1000:.0f} ms"

    @feature("deadline_server")
    def _():
        # No client-side timer: a raw HTTP/2 request (nghttp) carries grpc-timeout: 300m and
        # waits up to 30 s. Only the server can end the call at 300 ms.
        sid = str(uuid.uuid4())
        status, took = raw_call(target, "Slow", pb2.SlowRequest(id=sid, delay_ms=15000).SerializeToString(), "300m")
        expect(status == "4", f"grpc-status {status!r} after {took:.1f}s, expected 4")
        expect(took < 5, f"server answered after {took:.1f}s")
        deadline = time.monotonic() + 5
        outcome = stub.SlowOutcome(pb2.SlowOutcomeRequest(id=sid), timeout=20)
        while not outcome.known and time.monotonic() < deadline:
            time.sleep(0.05)
            outcome = stub.SlowOutcome(pb2.SlowOutcomeRequest(id=sid), timeout=20)
        expect(outcome.known and outcome.cancelled, f"handler outcome known={outcome.known} cancelled={outcome.cancelled}")
        expect(outcome.elapsed_ms < 5000, f"handler ran {outcome.elapsed_ms} ms")
        return f"grpc-status 4 after {took * 1000:.0f} ms; handler cancelled after {outcome.elapsed_ms} ms"

    @feature("deadline_propagated")
    def _():
        r = stub.Echo(pb2.EchoRequest(text="dl"), timeout=10)
        # grpcio rounds grpc-timeout up to a coarse value (e.g. "10100m"), so allow up to 11 s.
        expect(5000 < r.deadline_remaining_ms <= 11000, f"server saw {r.deadline_remaining_ms} ms left of 10000")
        r = stub.Echo(pb2.EchoRequest(text="no deadline"))
        expect(r.deadline_remaining_ms == -1, f"server saw {r.deadline_remaining_ms} ms left without a deadline")
        return "server saw the 10 s deadline (and none when unset)"

    @feature("gzip_request")
    def _():
        payload = b"relic " * 50000
        r = stub.Echo(pb2.EchoRequest(text="gz", payload=payload), compression=grpc.Compression.Gzip, timeout=20)
        expect(r.payload == payload, "payload differs")
        return f"{len(payload)} bytes sent gzip-compressed"

    @feature("gzip_response")
    def _():
        r = stub.Echo(pb2.EchoRequest(text="gz", response_size=300000, compress_response=True), timeout=20)
        expect(r.payload == b"x" * 300000, "payload differs")
        return "300000-byte response (server asked to gzip)"

    @feature("metadata")
    def _():
        blob = bytes(range(256))
        call = stub.Echo.with_call(pb2.EchoRequest(text="md"), timeout=20,
                                   metadata=[("x-echo-text", "relic-42 ok"), ("x-echo-blob-bin", blob)])
        r, c = call
        initial = dict(c.initial_metadata())
        trailing = dict(c.trailing_metadata())
        expect(initial.get("x-echo-text") == "relic-42 ok", f"initial text {initial.get('x-echo-text')!r}")
        expect(initial.get("x-echo-blob-bin") == blob, "initial binary differs")
        expect(trailing.get("x-trailer-text") == "relic-42 ok", f"trailer text {trailing.get('x-trailer-text')!r}")
        expect(trailing.get("x-trailer-blob-bin") == blob, "trailer binary differs")
        seen = {e.key: e for e in r.metadata}
        expect("x-echo-text" in seen and seen["x-echo-text"].text_value == "relic-42 ok", "server saw text metadata wrong")
        expect("x-echo-blob-bin" in seen and seen["x-echo-blob-bin"].binary_value == blob, "server saw binary metadata wrong")
        return "text and -bin metadata seen by server, echoed in headers and trailers"

    @feature("large_message")
    def _():
        payload = os.urandom(3 * 1024 * 1024)
        r = stub.Echo(pb2.EchoRequest(payload=payload), timeout=30)
        expect(r.payload == payload, "3 MiB payload differs")
        return "3 MiB echoed"

    @feature("request_too_large")
    def _():
        expect_status(lambda: stub.Echo(pb2.EchoRequest(payload=b"z" * (5 * 1024 * 1024)), timeout=30), grpc.StatusCode.RESOURCE_EXHAUSTED)
        r = stub.Echo(pb2.EchoRequest(text="after"), timeout=20)
        expect(r.text == "after", "server did not answer afterwards")
        return "5 MiB request -> RESOURCE_EXHAUSTED, server still answers"

    @feature("response_too_large")
    def _():
        expect_status(lambda: stub.Echo(pb2.EchoRequest(response_size=5 * 1024 * 1024), timeout=30), grpc.StatusCode.RESOURCE_EXHAUSTED)
        return "5 MiB response -> RESOURCE_EXHAUSTED"

    @feature("unimplemented")
    def _():
        method = channel.unary_unary(f"/{SERVICE}/NoSuchMethod",
                                     request_serializer=pb2.EchoRequest.SerializeToString,
                                     response_deserializer=pb2.EchoResponse.FromString)
        expect_status(lambda: method(pb2.EchoRequest(), timeout=20), grpc.StatusCode.UNIMPLEMENTED)
        other = channel.unary_unary("/relic.interop.v1.NoSuchService/Echo",
                                    request_serializer=pb2.EchoRequest.SerializeToString,
                                    response_deserializer=pb2.EchoResponse.FromString)
        expect_status(lambda: other(pb2.EchoRequest(), timeout=20), grpc.StatusCode.UNIMPLEMENTED)
        return "unknown method and unknown service -> UNIMPLEMENTED"

    return channel, checks


def raw_call(target, method, message, timeout_header):
    """One unary call over plain HTTP/2 with nghttp: no gRPC library, no client deadline."""
    nghttp = shutil.which("nghttp")
    if nghttp is None:
        raise Check("nghttp (Debian nghttp2-client) not found")
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
        f.write(b"\x00" + len(message).to_bytes(4, "big") + message)
        body = f.name
    try:
        started = time.monotonic()
        token = ["-H", "authorization: Bearer " + os.environ["RELIC_TOKEN"]] if os.environ.get("RELIC_TOKEN") else []
        proc = subprocess.run(
            [nghttp, "-v", "-n", "-d", body,
             "-H", ":method: POST", "-H", "content-type: application/grpc", "-H", "te: trailers",
             "-H", f"grpc-timeout: {timeout_header}", *token,
             f"http://{target}/{SERVICE}/{method}"],
            capture_output=True, text=True, timeout=30)
        took = time.monotonic() - started
    finally:
        os.unlink(body)
    status = None
    for line in proc.stdout.splitlines():
        line = line.strip()
        if "grpc-status:" in line:
            status = line.split("grpc-status:", 1)[1].strip()
    return status, took


def run_client(args, pb2, pb2_grpc):
    channel, checks = checklist(pb2, pb2_grpc, args.target, args.proto_root)
    wanted = args.features.split(",") if args.features else list(checks)
    failures = 0
    for name in wanted:
        fn = checks.get(name)
        if fn is None:
            print(json.dumps({"peer": "python", "feature": name, "pass": False, "detail": "unknown feature"}), flush=True)
            failures += 1
            continue
        try:
            detail = fn()
            ok = True
        except Check as e:
            ok, detail = False, str(e)
        except grpc.RpcError as e:
            ok, detail = False, f"unexpected status {e.code().name}: {e.details()!r}"
        except Exception as e:  # a broken peer must show as a failed cell, not a crash
            ok, detail = False, f"{type(e).__name__}: {e}"
        failures += 0 if ok else 1
        print(json.dumps({"peer": "python", "feature": name, "pass": ok, "detail": detail}, ensure_ascii=False), flush=True)
    channel.close()
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["server", "client", "list"])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--target", default="")
    p.add_argument("--features", default="")
    p.add_argument("--proto-root", default=DEFAULT_PROTO_ROOT)
    p.add_argument("--stdin-lifetime", action="store_true", help="stop when stdin closes")
    args = p.parse_args()
    out, pb2, pb2_grpc = load_stubs(os.path.abspath(args.proto_root))
    try:
        if args.mode == "server":
            run_server(args, pb2, pb2_grpc)
            return 0
        if args.mode == "list":
            _, checks = checklist(pb2, pb2_grpc, "127.0.0.1:1", args.proto_root)
            print("\n".join(checks))
            return 0
        return run_client(args, pb2, pb2_grpc)
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
