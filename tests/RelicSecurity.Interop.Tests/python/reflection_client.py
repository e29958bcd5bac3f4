#!/usr/bin/python3
"""A server reflection and health client that is not ours: grpcio plus protobuf's descriptor pool.

  reflection_client.py check --target 127.0.0.1:PORT [--service relic.interop.v1.InteropService]
      lists services over grpc.reflection.v1 and v1alpha, fetches the file descriptors, calls
      Echo with a request built only from those descriptors, and asks grpc.health.v1.Health/Check.
      One JSON line per feature: {"peer": "python", "feature": ..., "pass": ..., "detail": ...}
  reflection_client.py sites --target 127.0.0.1:PORT [--metadata KEY=VALUE ...]
      against the suite's real SiteService: fetches its descriptors over grpc.reflection.v1 and
      calls ListSites with a request built only from them (one JSON feature line, as for check).
  reflection_client.py watch --target 127.0.0.1:PORT [--service NAME]
      streams grpc.health.v1.Health/Watch and prints {"status": "SERVING"} per update, then
      {"end": "<status code>"} when the stream ends.

No .proto of the service under test is used: the reflection and health messages come from the
public protocol definitions in ./protos (compiled at start-up into a temp dir).
"""

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = os.path.join(HERE, "protos")
# Files named apart from their proto packages: a Python module path "grpc.*" would clash with grpcio.
FILES = ["reflection_v1.proto", "reflection_v1alpha.proto", "health_v1.proto"]


def load_protocol_stubs():
    out = tempfile.mkdtemp(prefix="relic-reflection-py-")
    from grpc_tools import protoc

    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["grpc_tools.protoc", f"-I{PROTOS}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", *FILES]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed for the reflection/health protocol files")
    sys.path.insert(0, out)
    mods = {
        "v1": (importlib.import_module("reflection_v1_pb2"), importlib.import_module("reflection_v1_pb2_grpc")),
        "v1alpha": (importlib.import_module("reflection_v1alpha_pb2"), importlib.import_module("reflection_v1alpha_pb2_grpc")),
        "health": (importlib.import_module("health_v1_pb2"), importlib.import_module("health_v1_pb2_grpc")),
    }
    return out, mods


class Check(Exception):
    pass


def expect(cond, detail):
    if not cond:
        raise Check(detail)


class Reflection:
    """One bidirectional ServerReflectionInfo stream per request (simple and enough here)."""

    def __init__(self, channel, pb2, pb2_grpc):
        self.pb2 = pb2
        self.stub = pb2_grpc.ServerReflectionStub(channel)

    def ask(self, **field):
        request = self.pb2.ServerReflectionRequest(host="", **field)
        responses = list(self.stub.ServerReflectionInfo(iter([request]), timeout=20))
        expect(len(responses) == 1, f"{len(responses)} responses to one request")
        return responses[0]

    def list_services(self):
        r = self.ask(list_services="")
        expect(r.WhichOneof("message_response") == "list_services_response", f"answer {r.WhichOneof('message_response')}: {r}")
        return [s.name for s in r.list_services_response.service]

    def files(self, **field):
        r = self.ask(**field)
        kind = r.WhichOneof("message_response")
        if kind == "error_response":
            raise Check(f"error_response {r.error_response.error_code}: {r.error_response.error_message}")
        expect(kind == "file_descriptor_response", f"answer {kind}")
        protos = []
        for raw in r.file_descriptor_response.file_descriptor_proto:
            fd = descriptor_pb2.FileDescriptorProto()
            fd.ParseFromString(raw)
            protos.append(fd)
        return protos


def build_pool(reflection, symbol):
    """A descriptor pool filled only from what the server returns, dependencies first."""
    known = {}
    for fd in reflection.files(file_containing_symbol=symbol):
        known[fd.name] = fd
    # Fetch dependencies the server did not include in the first answer.
    pending = [d for fd in list(known.values()) for d in fd.dependency if d not in known]
    while pending:
        name = pending.pop()
        if name in known:
            continue
        for fd in reflection.files(file_by_filename=name):
            known.setdefault(fd.name, fd)
            pending.extend(d for d in fd.dependency if d not in known)
    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name in added:
            return
        for dep in known[name].dependency:
            add(dep)
        pool.Add(known[name])
        added.add(name)

    for name in known:
        add(name)
    return pool, known


def message_class(descriptor):
    get = getattr(message_factory, "GetMessageClass", None)
    if get is not None:
        return get(descriptor)
    return message_factory.MessageFactory(descriptor.file.pool).GetPrototype(descriptor)


def run_check(args, mods):
    channel = grpc.insecure_channel(args.target)
    results = []

    def feature(name, fn):
        try:
            results.append((name, True, fn()))
        except Check as e:
            results.append((name, False, str(e)))
        except grpc.RpcError as e:
            results.append((name, False, f"status {e.code().name}: {e.details()!r}"))
        except Exception as e:  # a broken server must show as a failed cell, not a crash
            results.append((name, False, f"{type(e).__name__}: {e}"))

    expected = set(args.expect_services.split(","))

    def list_services(version):
        def run():
            names = Reflection(channel, *mods[version]).list_services()
            missing = expected - set(names)
            expect(not missing, f"missing {sorted(missing)} in {names}")
            return ", ".join(sorted(names))
        return run

    feature("reflection_v1_list_services", list_services("v1"))
    feature("reflection_v1alpha_list_services", list_services("v1alpha"))

    state = {}

    def file_descriptors():
        reflection = Reflection(channel, *mods["v1"])
        pool, known = build_pool(reflection, args.service)
        service = pool.FindServiceByName(args.service)
        methods = {m.name: m for m in service.methods}
        expect("Echo" in methods, f"methods {sorted(methods)}")
        expect("google/protobuf/timestamp.proto" in known, f"dependency of {service.file.name} not served: {sorted(known)}")
        by_name = reflection.files(file_by_filename=service.file.name)
        expect(any(fd.name == service.file.name for fd in by_name), f"file_by_filename {service.file.name} did not return it")
        alpha_pool, _ = build_pool(Reflection(channel, *mods["v1alpha"]), args.service)
        expect(alpha_pool.FindServiceByName(args.service).methods[0].name == service.methods[0].name, "v1alpha descriptors differ")
        state["pool"] = pool
        state["service"] = service
        return f"{len(known)} file(s) ({', '.join(sorted(known))}); {service.full_name} has {', '.join(sorted(methods))}"

    feature("reflection_file_descriptors", file_descriptors)

    def dynamic_call():
        expect("service" in state, "no descriptors (previous feature failed)")
        method = next(m for m in state["service"].methods if m.name == "Echo")
        request_class = message_class(method.input_type)
        response_class = message_class(method.output_type)
        request = request_class()
        setattr(request, "text", "built from reflection: 文物")
        call = channel.unary_unary(f"/{state['service'].full_name}/{method.name}",
                                   request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=response_class.FromString)
        # Reflection itself is open; the call it describes needs a token like any other (RELIC_TOKEN).
        token = os.environ.get("RELIC_TOKEN")
        response = call(request, timeout=20, metadata=[("authorization", "Bearer " + token)] if token else None)
        expect(getattr(response, "text") == "built from reflection: 文物", f"response {response}")
        return f"{method.input_type.full_name} -> {method.output_type.full_name}: text echoed"

    feature("reflection_dynamic_call", dynamic_call)

    def unknown_symbol():
        r = Reflection(channel, *mods["v1"]).ask(file_containing_symbol="relic.no.such.Symbol")
        expect(r.WhichOneof("message_response") == "error_response", f"answer {r.WhichOneof('message_response')}")
        expect(r.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0], f"error_code {r.error_response.error_code}")
        return f"error_response NOT_FOUND: {r.error_response.error_message}"

    feature("reflection_unknown_symbol", unknown_symbol)

    health_pb2, health_grpc = mods["health"]
    health = health_grpc.HealthStub(channel)

    def check(name):
        def run():
            r = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=20)
            expect(r.status == health_pb2.HealthCheckResponse.SERVING, f"status {health_pb2.HealthCheckResponse.ServingStatus.Name(r.status)}")
            return f"{name or '(server)'} SERVING"
        return run

    feature("health_check_server", check(""))
    feature("health_check_service", check(args.service))

    def check_unknown():
        try:
            r = health.Check(health_pb2.HealthCheckRequest(service="relic.no.such.Service"), timeout=20)
        except grpc.RpcError as e:
            expect(e.code() == grpc.StatusCode.NOT_FOUND, f"status {e.code().name}")
            return "unknown service -> NOT_FOUND"
        raise Check(f"answered {health_pb2.HealthCheckResponse.ServingStatus.Name(r.status)} for an unknown service")

    feature("health_check_unknown_service", check_unknown)

    for name, ok, detail in results:
        print(json.dumps({"peer": "python", "feature": name, "pass": ok, "detail": detail}, ensure_ascii=False), flush=True)
    channel.close()
    return 0 if all(ok for _, ok, _ in results) else 1


def run_sites(args, mods):
    """ListSites on relic.sites.v1.SiteService, knowing nothing of it but what reflection returns."""
    channel = grpc.insecure_channel(args.target)
    metadata = [tuple(m.split("=", 1)) for m in args.metadata]
    try:
        pool, known = build_pool(Reflection(channel, *mods["v1"]), "relic.sites.v1.SiteService")
        service = pool.FindServiceByName("relic.sites.v1.SiteService")
        method = next(m for m in service.methods if m.name == "ListSites")
        request = message_class(method.input_type)()
        setattr(request, "page_size", 1)
        call = channel.unary_unary(f"/{service.full_name}/{method.name}",
                                   request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=message_class(method.output_type).FromString)
        response = call(request, timeout=20, metadata=metadata)
        fields = sorted(f.name for f in method.output_type.fields)
        expect("total_size" in fields, f"response fields {fields}")
        result = (True, f"{len(known)} file(s); {method.input_type.full_name} built from reflection -> "
                        f"{method.output_type.full_name} with total_size={getattr(response, 'total_size')}")
    except Check as e:
        result = (False, str(e))
    except grpc.RpcError as e:
        result = (False, f"status {e.code().name}: {e.details()!r}")
    except Exception as e:  # a broken server must show as a failed cell, not a crash
        result = (False, f"{type(e).__name__}: {e}")
    print(json.dumps({"peer": "python", "feature": "sites_reflection_dynamic_call", "pass": result[0], "detail": result[1]},
                     ensure_ascii=False), flush=True)
    channel.close()
    return 0 if result[0] else 1


def run_watch(args, mods):
    health_pb2, health_grpc = mods["health"]
    channel = grpc.insecure_channel(args.target)
    stub = health_grpc.HealthStub(channel)
    end = "OK"
    try:
        # No deadline: the stream lives until the server ends it (shutdown) or the parent kills us.
        for update in stub.Watch(health_pb2.HealthCheckRequest(service=args.service)):
            print(json.dumps({"status": health_pb2.HealthCheckResponse.ServingStatus.Name(update.status)}), flush=True)
    except grpc.RpcError as e:
        end = e.code().name
    print(json.dumps({"end": end}), flush=True)
    channel.close()
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["check", "sites", "watch"])
    p.add_argument("--target", required=True)
    p.add_argument("--service", default="relic.interop.v1.InteropService")
    p.add_argument("--expect-services", default="relic.interop.v1.InteropService,grpc.health.v1.Health,grpc.reflection.v1.ServerReflection,grpc.reflection.v1alpha.ServerReflection")
    p.add_argument("--metadata", action="append", default=[], help="KEY=VALUE sent with the sites call")
    args = p.parse_args()
    out, mods = load_protocol_stubs()
    try:
        run = {"check": run_check, "sites": run_sites, "watch": run_watch}[args.mode]
        return run(args, mods)
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
