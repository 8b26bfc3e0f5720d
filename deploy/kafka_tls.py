"""The broker's TLS material: a private CA, made at set-up, and the broker's key
and certificate signed by it: a PKCS#12 keystore for Kafka (no keytool needed),
PEM files for the Python clients.

The broker's certificate is also its client certificate: on the internal
listeners (controller, set-up) the broker and the set-up operator prove
themselves with it, and Kafka names that principal from its subject (`OPERATOR`).
The CA's key signs once and is never written down: a new set-up makes a new CA."""

import argparse
import ipaddress
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

BROKER_SUBJECT = "kafka-broker"
# The principal Kafka derives from the broker certificate's subject (DEFAULT mapping rule).
OPERATOR = f"User:CN={BROKER_SUBJECT}"
_VALIDITY = timedelta(days=825)


@dataclass(frozen=True)
class TlsFiles:
    ca_file: Path
    keystore_file: Path
    # Also in keystore.properties beside it, for a broker configured from files (compose).
    keystore_password: str
    cert_file: Path
    key_file: Path


def write_tls_files(directory: Path, hostnames: tuple[str, ...]) -> TlsFiles:
    """A fresh CA and a broker certificate valid for `hostnames` (names or IP addresses)."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _ca_certificate(ca_key)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _broker_certificate(key, ca_key, ca_cert, hostnames)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    files = TlsFiles(
        directory / "ca.pem",
        directory / "broker.p12",
        secrets.token_urlsafe(24),
        directory / "broker-cert.pem",
        directory / "broker-key.pem",
    )
    _write(files.ca_file, ca_cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write(files.keystore_file, _keystore(key, cert, files.keystore_password), 0o600)
    _write(
        directory / "keystore.properties", f"password={files.keystore_password}\n".encode(), 0o600
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    _write(files.cert_file, cert_pem, 0o644)
    _write(files.key_file, key_pem, 0o600)
    return files


def _keystore(key: ec.EllipticCurvePrivateKey, cert: x509.Certificate, password: str) -> bytes:
    # PBES2 with AES and an HMAC-SHA256 MAC: what Java 17's own PKCS#12 keystores use.
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(10_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode())
    )
    return pkcs12.serialize_key_and_certificates(
        BROKER_SUBJECT.encode(), key, cert, None, encryption
    )


def _write(path: Path, content: bytes, mode: int) -> None:
    path.unlink(missing_ok=True)
    path.touch(mode)
    path.write_bytes(content)


def _ca_certificate(ca_key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "socialprogrammes kafka CA")])
    return (
        _builder(name, name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )


def _broker_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    hostnames: tuple[str, ...],
) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, BROKER_SUBJECT)])
    return (
        _builder(subject, ca_cert.subject, key.public_key())
        .add_extension(x509.SubjectAlternativeName(_alternative_names(hostnames)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
    )


def _alternative_names(hostnames: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def operator_properties(files: TlsFiles) -> str:
    """A Java client's settings to connect as the operator (compose's health check)."""
    return (
        "security.protocol=SSL\n"
        f"ssl.keystore.type=PKCS12\nssl.keystore.location={files.keystore_file}\n"
        f"ssl.keystore.password={files.keystore_password}\n"
        f"ssl.key.password={files.keystore_password}\n"
        f"ssl.truststore.type=PEM\nssl.truststore.location={files.ca_file}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Make the Kafka broker's CA and certificate (compose's kafka-tls job)."
    )
    parser.add_argument("directory", type=Path, help="for the broker and the set-up job only")
    parser.add_argument("--hostname", action="append", required=True)
    parser.add_argument("--public-dir", type=Path, help="gets a copy of the CA certificate only")
    parser.add_argument("--owner", type=int, help="uid to own the files (the broker's user)")
    args = parser.parse_args()
    if (args.directory / "broker.p12").exists():
        # The running broker holds this certificate; a new CA would lock every client out.
        print(f"Kafka TLS material already in {args.directory}; kept")
        return
    files = write_tls_files(args.directory, tuple(args.hostname))
    _write(args.directory / "operator.properties", operator_properties(files).encode(), 0o600)
    if args.public_dir:
        args.public_dir.mkdir(parents=True, exist_ok=True)
        _write(args.public_dir / "ca.pem", files.ca_file.read_bytes(), 0o644)
    if args.owner is not None:
        for path in (args.directory, *args.directory.iterdir()):
            os.chown(path, args.owner, args.owner)
    print(f"Kafka TLS material made in {args.directory}")


if __name__ == "__main__":
    main()
