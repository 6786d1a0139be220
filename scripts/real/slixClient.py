# A real slixmpp client for the real-software suite: logs in, sends the given raw stanzas (exact
# bytes, via send_raw) in order, waits for the expected number of incoming messages/presences, and
# exits. Its log is slixmpp's own DEBUG logging (SEND:/RECV: lines), written to --log.
import argparse, asyncio, json, logging, sys
import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

ap = argparse.ArgumentParser()
ap.add_argument('--jid', required=True)
ap.add_argument('--password', required=True)
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--send', help='JSON file: list of raw stanza strings')
ap.add_argument('--expect', type=int, default=0, help='incoming stanzas with <e2e/> or <body/> to wait for')
ap.add_argument('--log', required=True)
ap.add_argument('--ready', help='file written once the session has started')
ap.add_argument('--timeout', type=float, default=60)
a = ap.parse_args()

logging.basicConfig(filename=a.log, level=logging.DEBUG, format='%(asctime)s %(levelname)-8s %(message)s')

class Client(slixmpp.ClientXMPP):
    def __init__(self):
        super().__init__(a.jid, a.password)
        self.got = 0
        self.done = asyncio.get_event_loop().create_future()
        self.add_event_handler('session_start', self.start)
        # Every message (the 'message' event skips those without a <body/>).
        self.register_handler(Callback('every message', MatchXPath('{jabber:client}message'), self.on_stanza))

    async def start(self, _):
        self.send_presence()
        await self.get_roster()
        if a.send:
            for raw in json.load(open(a.send)):
                self.send_raw(raw)
                await asyncio.sleep(0.05)
        if a.ready:
            open(a.ready, 'w').write('ready')
        self.check()

    def on_stanza(self, st):
        if st['type'] != 'error':
            self.got += 1
        self.check()

    def check(self):
        if self.got >= a.expect and not self.done.done():
            self.done.set_result(True)

async def main():
    c = Client()
    c.connect(('127.0.0.1', a.port), use_ssl=False, force_starttls=False, disable_starttls=True)
    try:
        await asyncio.wait_for(c.done, a.timeout)
    except asyncio.TimeoutError:
        print(f'timeout: got {c.got} of {a.expect}', file=sys.stderr)
        c.disconnect()
        await asyncio.sleep(0.5)
        sys.exit(2)
    await asyncio.sleep(0.5)
    c.disconnect()
    await c.disconnected
    sys.exit(0)

asyncio.get_event_loop().run_until_complete(main())
