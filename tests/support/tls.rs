//! TLS on this machine for the tests: a private CA and certificates it signed, and an https
//! server of static files (an update feed).

use super::Helper;
use std::path::Path;

/// A private CA and two server certificates it signed: `loopback` for 127.0.0.1 and
/// `elsewhere` for auth.example.test. Returns the CA's PEM.
pub fn make_certificates(folder: &Path) -> String {
    let openssl = |args: &[&str]| super::run_in(folder, "openssl", args);
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"],
            &["-subj", "/CN=Authdesk Test CA"],
            &["-addext", "basicConstraints=critical,CA:TRUE"],
            &["-addext", "keyUsage=critical,keyCertSign"],
        ]
        .concat(),
    );
    for (leaf, name) in [
        ("loopback", "IP:127.0.0.1"),
        ("elsewhere", "DNS:auth.example.test"),
    ] {
        let extensions = format!(
            "subjectAltName={name}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n\
             extendedKeyUsage=serverAuth\n"
        );
        std::fs::write(folder.join(format!("{leaf}.ext")), extensions).unwrap();
        let (key, csr, pem, ext) = (
            format!("{leaf}.key"),
            format!("{leaf}.csr"),
            format!("{leaf}.pem"),
            format!("{leaf}.ext"),
        );
        openssl(
            &[
                &["req"][..],
                &ec,
                &["-keyout", &key, "-out", &csr, "-subj", "/CN=auth"],
            ]
            .concat(),
        );
        openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            &pem,
            "-days",
            "2",
            "-extfile",
            &ext,
        ]);
    }
    std::fs::read_to_string(folder.join("ca.pem")).unwrap()
}

/// Static files served over https on 127.0.0.1, with the `loopback` certificate of
/// [`make_certificates`] made in `certificates`; stopped when dropped.
pub struct HttpsFiles {
    _server: Helper,
    pub url: String,
}

impl HttpsFiles {
    pub fn serve(folder: &Path, certificates: &Path) -> Self {
        let (cert, key) = (
            certificates.join("loopback.pem"),
            certificates.join("loopback.key"),
        );
        let arguments = [folder.as_os_str(), cert.as_os_str(), key.as_os_str()];
        let (server, port) = Helper::start("https_files.py", &arguments);
        let port: u16 = port.parse().expect("the server prints its port");
        Self {
            _server: server,
            url: format!("https://127.0.0.1:{port}"),
        }
    }
}
