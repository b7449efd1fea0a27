// Sends a FHIR message to the hub by AMQP 1.0 and prints its receipt: rhea over TLS, the agency's certificate as
// its login (SASL EXTERNAL). Usage: node send.js <certificate folder> <agency id> <FHIR message file>
const fs = require('fs');
const rhea = require('rhea');
const [certs, agency, file] = process.argv.slice(2);
// The receipt's correlation-id is this message-id; a selector on JMSCorrelationID matches ids that start "ID:".
const messageId = 'ID:node-' + Date.now();
const connection = rhea.connect({
  transport: 'tls', host: 'localhost', port: 61617,
  ca: fs.readFileSync(`${certs}/ca.pem`),
  cert: fs.readFileSync(`${certs}/${agency}.pem`),
  key: fs.readFileSync(`${certs}/${agency}-key.pem`),
  enable_sasl_external: true,
});
connection.open_receiver({
  source: { address: `receipts.${agency}`,
            filter: rhea.filter.selector(`JMSCorrelationID = '${messageId}'`) } });
let sent = false;
connection.on('receiver_open', () => {
  connection.open_sender(`intake.${agency}`).on('sendable', (context) => {
    if (sent) return;
    sent = true;
    context.sender.send({ message_id: messageId, body: fs.readFileSync(file, 'utf8') });
  });
});
connection.on('message', (context) => {
  const m = context.message;
  console.log('status', m.application_properties.status, 'correlation', m.correlation_id);
  console.log(typeof m.body === 'string' ? m.body : Buffer.from(m.body.content || m.body).toString());
  connection.close();
});
connection.on('error', (e) => { console.error('error', e); process.exit(1); });
