//! Which `Host` a request may name: a guard against DNS rebinding.

use std::net::IpAddr;

/// Whether a request's `Host` names this server: a loopback name or address, or the
/// address it was bound to (any address when bound to all of them). A page on another
/// site that rebinds its own domain name to 127.0.0.1 sends its domain as the `Host`, so
/// it cannot read the preview (drafts included).
pub(super) fn host_allowed(request: &tiny_http::Request, bind: IpAddr) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true; // HTTP/1.0 without a Host: no browser sends that
    };
    host_matches(host.value.as_str(), bind)
}

fn host_matches(host: &str, bind: IpAddr) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host.as_str(), |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) { name } else { host.as_str() }
        }),
    };
    let name = name.trim_end_matches('.');
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bind || bind.is_unspecified(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_bound_address_are_served() {
        let loopback: IpAddr = "127.0.0.1".parse().expect("ip");
        for host in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
            "app.localhost:80",
            "127.0.0.2",
        ] {
            assert!(host_matches(host, loopback), "{host}");
        }
        for host in
            ["evil.example:1111", "example.org", "192.168.1.5:1111", "localhost.evil.example", ""]
        {
            assert!(!host_matches(host, loopback), "{host}");
        }
        let lan: IpAddr = "192.168.1.5".parse().expect("ip");
        assert!(host_matches("192.168.1.5:1111", lan));
        assert!(!host_matches("evil.example", lan));
        let all: IpAddr = "0.0.0.0".parse().expect("ip");
        assert!(host_matches("10.0.0.7:1111", all) && !host_matches("evil.example", all));
    }
}
