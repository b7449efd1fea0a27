// Collects one share from the agency's mailbox by AMQP 1.0 and saves the CMS object as <delivery id>.p7m; the
// hub records the share as acknowledged when rhea accepts it. Usage: node collect.js <certificate folder> <agency id>
const fs = require('fs');
const rhea = require('rhea');
const [certs, agency] = process.argv.slice(2);
const connection = rhea.connect({
  transport: 'tls', host: 'localhost', port: 61617, enable_sasl_external: true,
  ca: fs.readFileSync(`${certs}/ca.pem`),
  cert: fs.readFileSync(`${certs}/${agency}.pem`),
  key: fs.readFileSync(`${certs}/${agency}-key.pem`),
});
connection.open_receiver({ source: `mailbox.${agency}`, credit_window: 1 });
connection.on('message', (context) => {
  const p = context.message.application_properties;
  const cms = Buffer.from(context.message.body.content || context.message.body);
  fs.writeFileSync(`${p.deliveryId}.p7m`, cms);
  console.log('share', p.deliveryId, p.event, cms.length, 'bytes');
  connection.close(); // rhea accepted the message on arrival: the hub records the share as acknowledged
});
connection.on('error', (e) => { console.error('error', e); process.exit(1); });
