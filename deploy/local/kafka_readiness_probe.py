"""Is the broker ready? Asked with a hand-written Kafka Metadata v1 request (stdlib only)."""

from __future__ import annotations

import socket
import ssl
import struct

from .kafka_ports import LOOPBACK

_PROBE_TIMEOUT_S = 2.0


def advertises_itself(port: int, tls: ssl.SSLContext | None = None) -> bool:
    """True once the broker answers a Metadata request listing itself at ``127.0.0.1:port``.

    A broker lists itself only after it has registered with the controller and
    been unfenced, i.e. when produce, fetch and group requests will succeed; an
    open port alone is not enough for Apache Kafka. A secured broker is asked on
    its operator listener, over mutual TLS (`tls` holds the client certificate).
    """
    try:
        with socket.create_connection((LOOPBACK, port), timeout=_PROBE_TIMEOUT_S) as raw:
            sock = tls.wrap_socket(raw, server_hostname=LOOPBACK) if tls else raw
            sock.settimeout(_PROBE_TIMEOUT_S)
            sock.sendall(_metadata_v1_request())
            brokers = _parse_metadata_v1_brokers(_read_frame(sock))
    except (OSError, EOFError, struct.error, UnicodeDecodeError):
        return False
    return (LOOPBACK, port) in brokers or ("localhost", port) in brokers


def _metadata_v1_request(correlation_id: int = 1) -> bytes:
    # Request header v1 (api_key=3 Metadata, version 1, correlation id, client id),
    # then a body asking for an empty topic list: brokers only. v1 is the oldest
    # version both Apache Kafka 4.x and Tansu accept and needs no tagged fields.
    client_id = b"kafka_broker-ready-probe"
    header = struct.pack(">hhih", 3, 1, correlation_id, len(client_id)) + client_id
    body = struct.pack(">i", 0)
    message = header + body
    return struct.pack(">i", len(message)) + message


def _parse_metadata_v1_brokers(payload: bytes) -> set[tuple[str, int]]:
    offset = 4  # response header: correlation id
    (count,) = struct.unpack_from(">i", payload, offset)
    offset += 4
    brokers = set()
    for _ in range(count):
        _node_id, host_len = struct.unpack_from(">ih", payload, offset)
        offset += 6
        host = payload[offset : offset + host_len].decode("utf-8")
        offset += host_len
        (broker_port, rack_len) = struct.unpack_from(">ih", payload, offset)
        offset += 6 + max(rack_len, 0)
        brokers.add((host, broker_port))
    return brokers


def _read_frame(sock: socket.socket) -> bytes:
    (size,) = struct.unpack(">i", _read_exactly(sock, 4))
    return _read_exactly(sock, size)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise EOFError("broker closed the connection")
        chunks += chunk
    return bytes(chunks)
