"""Sends a FHIR message to the hub by AMQP 1.0 and prints its receipt: Qpid Proton over TLS, the agency's
certificate as its login (SASL EXTERNAL). Usage: python3 send.py <certificate folder> <agency id> <FHIR message file>
"""
import sys
import time

from proton import Message, SSLDomain
from proton.handlers import MessagingHandler
from proton.reactor import Container, Selector

certs, agency, path = sys.argv[1:4]
# The receipt's correlation-id is this message-id; a selector on JMSCorrelationID matches ids that start "ID:".
message_id = "ID:python-%d" % int(time.time() * 1000)


class Send(MessagingHandler):
    def on_start(self, event):
        ssl = SSLDomain(SSLDomain.MODE_CLIENT)
        ssl.set_trusted_ca_db(f"{certs}/ca.pem")
        ssl.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        ssl.set_credentials(f"{certs}/{agency}.pem", f"{certs}/{agency}-key.pem", None)
        connection = event.container.connect(
            "amqps://localhost:61617", ssl_domain=ssl, allowed_mechs="EXTERNAL")
        event.container.create_receiver(
            connection, f"receipts.{agency}", options=Selector(f"JMSCorrelationID = '{message_id}'"))
        self.sender = event.container.create_sender(connection, f"intake.{agency}")
        self.sent = False

    def on_sendable(self, event):
        if not self.sent:
            with open(path, encoding="utf-8") as f:
                event.sender.send(Message(id=message_id, body=f.read()))
            self.sent = True

    def on_message(self, event):
        print("status", event.message.properties["status"], "correlation", event.message.correlation_id)
        print(event.message.body)
        event.connection.close()


Container(Send()).run()
