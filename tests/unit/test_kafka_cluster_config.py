"""The three-node KRaft configuration the local stack writes (deploy/local/kafka_kraft_config):
one quorum of three voters, every topic on three replicas with two in sync, the
controller endpoints kept across runs, and topics the broker refuses not passing unseen."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from deploy.local.kafka_kraft_config import (
    ListenerSecurity,
    Membership,
    formatted_cluster_id,
    kraft_log_dir,
    quorum_voters,
    write_server_properties,
)
from shared.topic_admin import _refuse_errors


def _properties(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _nodes(tmp_path: Path) -> list[Path]:
    dirs = [tmp_path / f"node-{n}" for n in (1, 2, 3)]
    for d in dirs:
        d.mkdir()
    return dirs


def test_three_nodes_form_one_quorum_with_three_replicas_and_two_in_sync(tmp_path):
    dirs = _nodes(tmp_path)
    voters = quorum_voters(dirs)
    assert sorted(voters) == [1, 2, 3] and len(set(voters.values())) == 3
    written = [
        _properties(write_server_properties(d, 30_000 + n, membership=Membership(n, voters)))
        for n, d in enumerate(dirs, start=1)
    ]
    assert [p["node.id"] for p in written] == ["1", "2", "3"]
    assert len({p["controller.quorum.voters"] for p in written}) == 1
    assert written[0]["controller.quorum.voters"] == ",".join(
        f"{n}@127.0.0.1:{voters[n]}" for n in (1, 2, 3)
    )
    for p in written:
        assert p["process.roles"] == "broker,controller"
        assert p["default.replication.factor"] == p["offsets.topic.replication.factor"] == "3"
        assert p["min.insync.replicas"] == p["transaction.state.log.min.isr"] == "2"
        assert p["unclean.leader.election.enable"] == "false"


def test_a_single_node_keeps_one_replica(tmp_path):
    p = _properties(write_server_properties(tmp_path, 30_001))
    assert p["default.replication.factor"] == p["min.insync.replicas"] == "1"
    assert p["controller.quorum.voters"].startswith("1@127.0.0.1:")


def test_the_controller_endpoints_survive_a_restart_on_other_client_ports(tmp_path):
    dirs = _nodes(tmp_path)
    voters = quorum_voters(dirs)
    write_server_properties(dirs[0], 30_002, membership=Membership(1, voters))
    assert quorum_voters(dirs) == voters
    single = tmp_path / "single"
    single.mkdir()
    first = _properties(write_server_properties(single, 30_003))["controller.quorum.voters"]
    again = _properties(write_server_properties(single, 30_004))["controller.quorum.voters"]
    assert first == again


def test_a_client_port_that_is_a_controller_port_is_refused(tmp_path):
    dirs = _nodes(tmp_path)
    voters = quorum_voters(dirs)
    with pytest.raises(RuntimeError, match="controller port"):
        write_server_properties(dirs[1], voters[3], membership=Membership(2, voters))


def test_every_secured_node_keeps_scram_over_tls_and_acls(tmp_path):
    dirs = _nodes(tmp_path)
    voters = quorum_voters(dirs)
    security = ListenerSecurity(
        operator_port=30_010,
        keystore_file=tmp_path / "broker.p12",
        keystore_password="not-a-real-password-0123456789",
        ca_file=tmp_path / "ca.pem",
        cert_file=tmp_path / "cert.pem",
        key_file=tmp_path / "key.pem",
        super_user="User:CN=kafka-broker",
    )
    p = _properties(write_server_properties(dirs[2], 30_011, security, Membership(3, voters)))
    assert p["listener.security.protocol.map"] == "CLIENT:SASL_SSL,OPERATOR:SSL,CONTROLLER:SSL"
    assert p["listeners"].endswith(f"CONTROLLER://127.0.0.1:{voters[3]}")
    assert p["allow.everyone.if.no.acl.found"] == "false"
    assert p["listener.name.controller.ssl.client.auth"] == "required"


def test_a_cluster_id_is_read_back_from_any_formatted_node(tmp_path):
    dirs = _nodes(tmp_path)
    assert formatted_cluster_id(dirs) is None
    kraft_log_dir(dirs[1]).mkdir()
    (kraft_log_dir(dirs[1]) / "meta.properties").write_text("cluster.id=-abc_DEF\nnode.id=2\n")
    assert formatted_cluster_id(dirs) == "-abc_DEF"


def test_a_topic_the_broker_refuses_is_not_passed_over():
    refused = SimpleNamespace(
        topic_errors=[
            ("fine", 0, None),
            ("exists", 36, "Topic 'exists' already exists."),
            ("too-few", 38, "Replication factor: 3 larger than available brokers: 1."),
        ]
    )
    with pytest.raises(RuntimeError, match="too-few: InvalidReplicationFactorError"):
        _refuse_errors(refused)
    _refuse_errors(SimpleNamespace(topic_errors=[("fine", 0, None), ("exists", 36, None)]))
