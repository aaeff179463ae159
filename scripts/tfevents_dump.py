#!/usr/bin/env python3
"""Dump TensorBoard event files as JSON lines, checking them without TensorFlow or TensorBoard.

Usage: tfevents_dump.py RUN_DIR_OR_EVENT_FILE...

For a folder, reads RUN/tb/events.out.tfevents.* in name order (the order TensorBoard reads them). Every record's
TFRecord framing is checked here, independently of Stepwise: the uint64 length, the masked CRC-32C of the length, the
data, the masked CRC-32C of the data (CRC-32C computed by a table written out below, mask ((c >> 15) | (c << 17)) +
0xa282ead8). The data is decoded as TensorFlow's Event message, described here field by field from TensorFlow's
event.proto and summary.proto (only python3-protobuf is needed), and re-encoded: "reencoded_equal" says whether the
bytes were exactly what protobuf itself would write. Exits 1 at the first bad record.

One JSON object per record: file, offset, wall_time, step, reencoded_equal, and one of file_version,
session_log {status}, summary [{tag, value, value_bits}] (value as Python's repr, value_bits the float32's bits).
"""
import json
import os
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_POLY = 0x82F63B78
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def _event_class():
    F = descriptor_pb2.FieldDescriptorProto
    fdp = descriptor_pb2.FileDescriptorProto(name="tfevents_dump.proto", package="tfdump", syntax="proto3")

    def add(msg, name, number, ftype, type_name=None, label=F.LABEL_OPTIONAL, oneof=None):
        f = msg.field.add(name=name, number=number, type=ftype, label=label)
        if type_name:
            f.type_name = type_name
        if oneof is not None:
            f.oneof_index = oneof

    summary = fdp.message_type.add(name="Summary")
    value = summary.nested_type.add(name="Value")
    value.oneof_decl.add(name="value")
    add(value, "node_name", 7, F.TYPE_STRING)
    add(value, "tag", 1, F.TYPE_STRING)
    add(value, "simple_value", 2, F.TYPE_FLOAT, oneof=0)
    add(summary, "value", 1, F.TYPE_MESSAGE, ".tfdump.Summary.Value", label=F.LABEL_REPEATED)

    session = fdp.message_type.add(name="SessionLog")
    status = session.enum_type.add(name="SessionStatus")
    for n, v in (("STATUS_UNSPECIFIED", 0), ("START", 1), ("STOP", 2), ("CHECKPOINT", 3)):
        status.value.add(name=n, number=v)
    add(session, "status", 1, F.TYPE_ENUM, ".tfdump.SessionLog.SessionStatus")
    add(session, "checkpoint_path", 2, F.TYPE_STRING)
    add(session, "msg", 3, F.TYPE_STRING)

    event = fdp.message_type.add(name="Event")
    event.oneof_decl.add(name="what")
    add(event, "wall_time", 1, F.TYPE_DOUBLE)
    add(event, "step", 2, F.TYPE_INT64)
    add(event, "file_version", 3, F.TYPE_STRING, oneof=0)
    add(event, "graph_def", 4, F.TYPE_BYTES, oneof=0)
    add(event, "summary", 5, F.TYPE_MESSAGE, ".tfdump.Summary", oneof=0)
    add(event, "session_log", 7, F.TYPE_MESSAGE, ".tfdump.SessionLog", oneof=0)

    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    desc = pool.FindMessageTypeByName("tfdump.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc), desc
    return message_factory.MessageFactory(pool).GetPrototype(desc), desc


Event, _DESC = _event_class()
_STATUS = {v.number: v.name for v in _DESC.file.message_types_by_name["SessionLog"].enum_types_by_name["SessionStatus"].values}


def fail(path, offset, what):
    print(f"{path}: record at byte {offset}: {what}", file=sys.stderr)
    sys.exit(1)


def dump(path):
    raw = open(path, "rb").read()
    at = 0
    while at < len(raw):
        if len(raw) - at < 12:
            fail(path, at, "torn header")
        (length,) = struct.unpack_from("<Q", raw, at)
        (length_crc,) = struct.unpack_from("<I", raw, at + 8)
        if length_crc != masked(raw[at:at + 8]):
            fail(path, at, "length CRC mismatch")
        end = at + 12 + length
        if end + 4 > len(raw):
            fail(path, at, "torn data")
        data = raw[at + 12:end]
        (data_crc,) = struct.unpack_from("<I", raw, end)
        if data_crc != masked(data):
            fail(path, at, "data CRC mismatch")
        e = Event()
        e.ParseFromString(data)
        out = {"file": os.path.basename(path), "offset": at, "wall_time": repr(e.wall_time), "step": e.step,
               "reencoded_equal": e.SerializeToString() == data}
        what = e.WhichOneof("what")
        if what == "file_version":
            out["file_version"] = e.file_version
        elif what == "session_log":
            out["session_log"] = {"status": _STATUS[e.session_log.status]}
        elif what == "summary":
            values = []
            for v in e.summary.value:
                if v.WhichOneof("value") != "simple_value":
                    fail(path, at, f"value {v.tag!r} is not a simple_value")
                values.append({"tag": v.tag, "value": repr(v.simple_value),
                               "value_bits": struct.unpack("<I", struct.pack("<f", v.simple_value))[0]})
            out["summary"] = values
        else:
            out["other"] = what
        print(json.dumps(out, ensure_ascii=False))
        at = end + 4


def main(args):
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    for arg in args:
        if os.path.isdir(arg):
            folder = os.path.join(arg, "tb")
            for name in sorted(os.listdir(folder)):
                if name.startswith("events.out.tfevents."):
                    dump(os.path.join(folder, name))
        else:
            dump(arg)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
