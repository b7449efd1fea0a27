"""Collects one share from the agency's mailbox by AMQP 1.0 and saves the CMS object as <delivery id>.p7m; the hub
records the share as acknowledged when the receiver accepts it. Usage: python3 collect.py <certificate folder> <agency id>
"""
import sys

from proton import SSLDomain
from proton.handlers import MessagingHandler
from proton.reactor import Container

certs, agency = sys.argv[1:3]


class Collect(MessagingHandler):
    def __init__(self):
        super().__init__(prefetch=1)

    def on_start(self, event):
        ssl = SSLDomain(SSLDomain.MODE_CLIENT)
        ssl.set_trusted_ca_db(f"{certs}/ca.pem")
        ssl.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        ssl.set_credentials(f"{certs}/{agency}.pem", f"{certs}/{agency}-key.pem", None)
        connection = event.container.connect(
            "amqps://localhost:61617", ssl_domain=ssl, allowed_mechs="EXTERNAL")
        event.container.create_receiver(connection, f"mailbox.{agency}")

    def on_message(self, event):
        p = event.message.properties
        cms = bytes(event.message.body)
        with open(f"{p['deliveryId']}.p7m", "wb") as f:
            f.write(cms)
        print("share", p["deliveryId"], p["event"], len(cms), "bytes")
        event.connection.close()


Container(Collect()).run()
