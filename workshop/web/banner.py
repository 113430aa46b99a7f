"""The start-up message: where the app is, where phones go, where the console is."""

from __future__ import annotations

from collections.abc import Sequence

from workshop.qr import NetworkAddress


def startup_message(
    port: int,
    bind_address: str,
    public_url: str,
    addresses: Sequence[NetworkAddress],
    console_path: str,
) -> str:
    """The lines printed once when the server starts (no secrets, no room data)."""
    local = f"http://localhost:{port}"
    lines = ["", "  Open Circle is running.", f"  On this laptop:       {local}"]
    loopback = bind_address in {"127.0.0.1", "localhost", "::1"}
    if public_url:
        lines.append(f"  Phones open:          {public_url}  (WORKSHOP_PUBLIC_URL)")
    if loopback:
        lines.append(
            f"  Phones cannot reach it: it listens on {bind_address} only "
            "(start it without --server.address to let them in)."
        )
    elif addresses:
        for i, address in enumerate(addresses):
            label = "Phones on your network:" if i == 0 else ""
            lines.append(f"  {label:<22}{address.base_url(port)}  ({address.interface})")
    else:
        lines.append("  No network found: join a Wi-Fi or start a hotspot, then restart.")
    lines.append(f"  Facilitator console:  {local}/{console_path}")
    lines.append("")
    return "\n".join(lines)
