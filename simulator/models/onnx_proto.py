"""A minimal ONNX model writer (the protobuf wire format by hand): no `onnx` package needed to build one."""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FLOAT = 1  # TensorProto.DataType
INT64 = 7
IR_VERSION = 8
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7  # AttributeProto.AttributeType
AttributeValue = float | int | Sequence[int]


def _varint(n: int) -> bytes:
    if n < 0:
        n += 1 << 64  # int64 fields are two's complement on the wire
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        if not n:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _bytes_field(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _str_field(field: int, text: str) -> bytes:
    return _bytes_field(field, text.encode("utf-8"))


def _int_field(field: int, n: int) -> bytes:
    return _key(field, 0) + _varint(n)


class Parts:
    """A message's bytes as a list of pieces, so a large tensor is copied once, when the model is joined."""

    def __init__(self, *pieces: bytes | memoryview) -> None:
        self.pieces: list[bytes | memoryview] = list(pieces)
        self.size = sum(len(p) for p in self.pieces)

    def add(self, *pieces: bytes | memoryview | Parts) -> Parts:
        for piece in pieces:
            if isinstance(piece, Parts):
                self.pieces.extend(piece.pieces)
                self.size += piece.size
            else:
                self.pieces.append(piece)
                self.size += len(piece)
        return self


def _message_field(field: int, message: Parts) -> Parts:
    return Parts(_key(field, 2), _varint(message.size)).add(message)


def tensor(name: str, array: NDArray[np.float32] | NDArray[np.int64]) -> Parts:
    """A TensorProto: dims, data type, name and the little-endian raw data (not copied here)."""
    data = np.ascontiguousarray(array)
    if data.dtype == np.float32:
        kind = FLOAT
    elif data.dtype == np.int64:
        kind = INT64
    else:
        raise TypeError(f"tensor {name}: only float32 and int64 are written, not {data.dtype}")
    data = data.astype(data.dtype.newbyteorder("<"), copy=False)
    raw = data.reshape(-1).view(np.uint8).data
    dims = b"".join(_int_field(1, d) for d in data.shape)
    head = dims + _int_field(2, kind) + _str_field(8, name) + _key(9, 2) + _varint(raw.nbytes)
    return Parts(head, raw)


def _attribute(name: str, value: AttributeValue) -> bytes:
    if isinstance(value, float):
        return _str_field(1, name) + _key(2, 5) + struct.pack("<f", value) + _int_field(20, _ATTR_FLOAT)
    if isinstance(value, int):
        return _str_field(1, name) + _int_field(3, value) + _int_field(20, _ATTR_INT)
    return _str_field(1, name) + b"".join(_int_field(8, v) for v in value) + _int_field(20, _ATTR_INTS)


def node(op_type: str, inputs: Sequence[str], output: str, **attributes: AttributeValue) -> bytes:
    """A NodeProto with one output, named after it."""
    body = b"".join(_str_field(1, name) for name in inputs) + _str_field(2, output)
    body += _str_field(3, output) + _str_field(4, op_type)
    return body + b"".join(_bytes_field(5, _attribute(k, v)) for k, v in attributes.items())


def value_info(name: str, elem_type: int, dims: Sequence[int | str]) -> bytes:
    """A graph input or output: a tensor of `elem_type` whose dims are sizes or symbolic names."""
    shape = b"".join(
        _bytes_field(1, _str_field(2, d) if isinstance(d, str) else _int_field(1, d)) for d in dims
    )
    tensor_type = _int_field(1, elem_type) + _bytes_field(2, shape)
    return _str_field(1, name) + _bytes_field(2, _bytes_field(1, tensor_type))


def model(
    nodes: Sequence[bytes],
    initializers: Sequence[Parts],
    inputs: Sequence[bytes],
    outputs: Sequence[bytes],
    opset: int = 17,
) -> bytes:
    """A ModelProto of one graph in the default domain."""
    graph = Parts(*(_bytes_field(1, n) for n in nodes), _str_field(2, "graph"))
    graph.add(*(_message_field(5, t) for t in initializers))
    graph.add(*(_bytes_field(11, v) for v in inputs), *(_bytes_field(12, v) for v in outputs))
    opset_import = _str_field(1, "") + _int_field(2, opset)
    whole = Parts(_int_field(1, IR_VERSION), _str_field(2, "hotseat"))
    whole.add(_message_field(7, graph), _bytes_field(8, opset_import))
    return b"".join(whole.pieces)
