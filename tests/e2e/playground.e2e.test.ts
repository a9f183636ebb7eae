/**
 * The Microsoft 365 Agents Playground harness (dev/playground.ts + tests/e2e/playground.ts) proven
 * against a small bot defined here: botbuilder's real CloudAdapter and TeamsActivityHandler in
 * local mode (no app id, no token), on a free port, driven through the Playground's page in
 * headless Chromium — as the SkillSteps bot will be.
 *
 * - a person types 「ステップ」 and sees an Adaptive Card 1.5 with an Action.Execute; pressing it sends
 *   `adaptiveCard/action`, the bot answers with a card and the card changes in place;
 * - the bot updates that card and sends a message proactively (continueConversationAsync);
 * - two people: one Playground per person against the same bot — a manager asks, the approver
 *   approves on their own page, and the manager's card is updated too;
 * - a team channel: the bot posts there proactively, and hears a message that @mentions it.
 *
 * Needs apt's chromium; no internet.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type ConversationReference,
} from 'botbuilder';
import express from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPlayground, type PlaygroundUser, type RunningPlayground } from '../../dev/playground';
import { launchChromium } from './harness';
import {
  CARD,
  cardOf,
  chooseCardOption,
  executeCardAction,
  fillCardInput,
  lastCard,
  openPlayground,
  nextBotMessage,
  sendAndWaitForReply,
  waitForCardText,
} from './playground';

jest.setTimeout(60_000);

const TENANT = randomUUID();
const MANAGER: PlaygroundUser = { name: '世田谷 一郎', upn: 'ichiro.setagaya@city.example.lg.jp', aadObjectId: randomUUID() };
const APPROVER: PlaygroundUser = { name: '北沢 花子', upn: 'hanako.kitazawa@city.example.lg.jp', aadObjectId: randomUUID() };

/** An Adaptive Card 1.5; data carries ids only. */
function card(title: string, lines: string[], action?: { verb: string; nominationId: string; withInputs?: boolean }): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
      ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true })),
      ...(action?.withInputs
        ? [
            { type: 'Input.ChoiceSet', id: 'role', label: '役割', choices: [{ title: 'DX推進リーダー', value: 'leader' }, { title: 'DX推進員', value: 'member' }] },
            { type: 'Input.Text', id: 'comment', label: 'コメント' },
          ]
        : []),
    ],
    actions: action ? [{ type: 'Action.Execute', title: '承認', verb: action.verb, data: { nominationId: action.nominationId } }] : [],
  });
}

/** A sent card: where it is, so it can be updated later. */
interface SentCard {
  reference: Partial<ConversationReference>;
  activityId: string;
}

/** The test bot: what a Teams bot does with the Playground, small enough to read in one go. */
class TestBot extends TeamsActivityHandler {
  /** Every activity the bot received, in order. */
  readonly received: Partial<Activity>[] = [];
  /** Conversation references by the installer's Entra object id (personal chats) or conversation id (channels). */
  readonly references = new Map<string, Partial<ConversationReference>>();
  readonly cards = new Map<string, SentCard>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly approverAadObjectId: string,
  ) {
    super();
    this.onInstallationUpdateAdd(async (ctx, next) => {
      const reference = TurnContext.getConversationReference(ctx.activity);
      const channel = ctx.activity.conversation.conversationType === 'channel';
      this.references.set(channel ? ctx.activity.conversation.id : ctx.activity.from.aadObjectId!, reference);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '').trim();
      if (text === 'ステップ') {
        const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
        const sent = await ctx.sendActivity({ attachments: [card('ステップ', [`${member.name}（${member.userPrincipalName}）`], { verb: 'approve', nominationId: 'n-1', withInputs: true })] });
        this.cards.set('n-1', { reference: TurnContext.getConversationReference(ctx.activity), activityId: sent!.id });
      } else if (text === '推薦') {
        // The manager's copy, then the approver's in the approver's own chat (another Playground).
        const sent = await ctx.sendActivity({ attachments: [card('推薦しました', ['承認待ち'])] });
        this.cards.set('n-2:manager', { reference: TurnContext.getConversationReference(ctx.activity), activityId: sent!.id });
        const approver = this.references.get(this.approverAadObjectId);
        if (!approver) throw new Error('the approver has not opened the Playground');
        await this.adapter.continueConversationAsync('', approver, async (proactive) => {
          const r = await proactive.sendActivity({ attachments: [card('承認依頼', [`${ctx.activity.from.name} さんからの推薦`], { verb: 'approve', nominationId: 'n-2' })] });
          this.cards.set('n-2:approver', { reference: approver, activityId: r!.id });
        });
      } else {
        await ctx.sendActivity(`受け取りました: ${text}`);
      }
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    this.received.push({ ...ctx.activity });
    await super.run(ctx);
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = value.action.data as { nominationId?: string; comment?: string; role?: string };
    const by = ctx.activity.from;
    if (data.nominationId === 'n-2') {
      // The server re-checks who pressed the button (DESIGN.md); here, the approver only.
      if (by.aadObjectId !== this.approverAadObjectId) return cardResponse(card('承認できません', ['承認者ではありません']));
      const manager = this.cards.get('n-2:manager')!;
      await this.adapter.continueConversationAsync('', manager.reference, (p) => p.updateActivity({ id: manager.activityId, type: 'message', attachments: [card('推薦しました', [`${by.name} さんが承認しました`])] }).then(() => undefined));
    }
    const lines = [`${by.name} さんが承認しました`, ...(data.role ? [`役割: ${data.role}`] : []), ...(data.comment ? [`コメント: ${data.comment}`] : [])];
    return cardResponse(card('承認済み', lines));
  }
}

/** Polls a condition the bot's side fulfils (an activity arrived). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cardResponse = (attachment: Attachment): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: attachment.content as Record<string, unknown> });

describe('Microsoft 365 Agents Playground in Chromium, against a botbuilder bot', () => {
  let adapter: CloudAdapter;
  let bot: TestBot;
  let server: Server;
  let botEndpoint: string;
  let browser: Browser;
  const running: RunningPlayground[] = [];
  const log: string[] = [];

  /** A Playground for one person against the bot, with its lines kept for a failing test. */
  async function playground(user: PlaygroundUser): Promise<RunningPlayground> {
    const p = await startPlayground({ botEndpoint, port: 0, user, tenantId: TENANT, log: (line) => log.push(`[${user.name}] ${line}`) });
    running.push(p);
    return p;
  }

  async function page(context: BrowserContext, url: string, conversation?: string): Promise<Page> {
    const p = await context.newPage();
    p.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    await openPlayground(p, url, { conversation });
    return p;
  }

  beforeAll(async () => {
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.onTurnError = async (_ctx, error) => void log.push(`turn error: ${(error as Error).stack ?? String(error)}`);
    bot = new TestBot(adapter, APPROVER.aadObjectId);
    const app = express();
    app.post('/api/messages', express.json(), (req, res) => void adapter.process(req, res, (ctx) => bot.run(ctx)));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    botEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(running.map((p) => p.stop()));
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A test whose failure also shows what the Playgrounds logged and what the bot threw. */
  function scenario(name: string, run: () => Promise<void>): void {
    it(name, async () => {
      log.length = 0;
      try {
        await run();
      } catch (e) {
        (e as Error).message += `\n--- Playground / bot ---\n${log.slice(-60).join('\n')}`;
        throw e;
      }
    });
  }

  scenario('「ステップ」 brings a card; its Action.Execute updates it in place; proactive update and message arrive', async () => {
    const pg = await playground(MANAGER);
    expect(pg.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(pg.serviceUrl).toBe(`${pg.url}/_connector`);
    const context = await browser.newContext({ locale: 'ja-JP' });
    try {
      const p = await page(context, pg.url);
      // Opening the page installs the app in the personal chat: the bot gets a reference to keep.
      await until(() => bot.references.has(MANAGER.aadObjectId));
      expect(bot.references.get(MANAGER.aadObjectId)).toMatchObject({ serviceUrl: pg.serviceUrl, conversation: { id: pg.conversations.personal, conversationType: 'personal', tenantId: TENANT } });

      const reply = await sendAndWaitForReply(p, 'ステップ');
      const stepCard = cardOf(reply);
      await expect(stepCard.innerText()).resolves.toContain(`${MANAGER.name}（${MANAGER.upn}）`);
      const message = bot.received.find((a) => a.type === 'message' && a.text === 'ステップ')!;
      expect(message).toMatchObject({
        channelId: 'msteams',
        from: { id: pg.user.id, name: MANAGER.name, aadObjectId: MANAGER.aadObjectId },
        conversation: { id: pg.conversations.personal, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      });

      const cardsBefore = await p.locator(CARD).count();
      await chooseCardOption(stepCard, '役割', 'DX推進リーダー');
      await fillCardInput(stepCard, 'コメント', 'よろしくお願いします');
      const result = await executeCardAction(stepCard, '承認');
      expect(result.status).toBe(200);
      expect(result.cardText).toContain('承認済み');
      expect(result.cardText).toContain(`${MANAGER.name} さんが承認しました`);
      expect(result.cardText).toContain('コメント: よろしくお願いします');
      expect(await p.locator(CARD).count()).toBe(cardsBefore); // in place, not a new message
      const invoke = bot.received.find((a) => a.type === 'invoke')!;
      expect(invoke).toMatchObject({
        name: 'adaptiveCard/action',
        replyToId: bot.cards.get('n-1')!.activityId,
        from: { aadObjectId: MANAGER.aadObjectId },
        value: { action: { type: 'Action.Execute', verb: 'approve', data: { nominationId: 'n-1', role: 'leader', comment: 'よろしくお願いします' } } },
      });

      // Proactive: the bot updates its card and sends a message, outside any turn.
      const sent = bot.cards.get('n-1')!;
      await adapter.continueConversationAsync('', sent.reference, async (ctx) => {
        await ctx.updateActivity({ id: sent.activityId, type: 'message', attachments: [card('承認済み', ['課長が確認しました'])] });
      });
      await waitForCardText(stepCard, '課長が確認しました');
      expect(await p.locator(CARD).count()).toBe(cardsBefore);

      const next = await nextBotMessage(p);
      await adapter.continueConversationAsync('', bot.references.get(MANAGER.aadObjectId)!, async (ctx) => {
        await ctx.sendActivity('研修の期限が近づいています');
      });
      const reminder = await next();
      await expect(reminder.innerText()).resolves.toContain('研修の期限が近づいています');
      expect(await lastCard(p).then((c) => c.innerText())).toContain('課長が確認しました');
    } finally {
      await context.close();
    }
  });

  scenario('two people, two Playgrounds, one bot: the approver approves on their page and the manager’s card updates', async () => {
    const [managerPg, approverPg] = await Promise.all([playground(MANAGER), playground(APPROVER)]);
    const context = await browser.newContext({ locale: 'ja-JP' });
    try {
      const [managerPage, approverPage] = await Promise.all([page(context, managerPg.url), page(context, approverPg.url)]);
      await until(() => bot.references.get(APPROVER.aadObjectId)?.serviceUrl === approverPg.serviceUrl);

      const nextForApprover = await nextBotMessage(approverPage);
      const managerCopy = cardOf(await sendAndWaitForReply(managerPage, '推薦'));
      await expect(managerCopy.innerText()).resolves.toContain('承認待ち');

      const request = cardOf(await nextForApprover());
      await expect(request.innerText()).resolves.toContain(`${MANAGER.name} さんからの推薦`);
      const result = await executeCardAction(request, '承認');
      expect(result.cardText).toContain(`${APPROVER.name} さんが承認しました`);
      await waitForCardText(managerCopy, `${APPROVER.name} さんが承認しました`);

      const invoke = bot.received.filter((a) => a.type === 'invoke').at(-1)!;
      expect(invoke.from).toMatchObject({ id: approverPg.user.id, aadObjectId: APPROVER.aadObjectId });
      expect(invoke.serviceUrl).toBe(approverPg.serviceUrl);
    } finally {
      await context.close();
    }
  });

  scenario('a team channel: the bot posts there proactively and hears a message that @mentions it', async () => {
    const pg = await playground(MANAGER);
    const context = await browser.newContext({ locale: 'ja-JP' });
    try {
      const p = await page(context, pg.url, 'SkillSteps - General');
      await until(() => bot.references.has(pg.conversations.general));
      expect(bot.references.get(pg.conversations.general)).toMatchObject({ conversation: { id: pg.conversations.general, conversationType: 'channel', isGroup: true } });

      const next = await nextBotMessage(p);
      await adapter.continueConversationAsync('', bot.references.get(pg.conversations.general)!, async (ctx) => {
        delete ctx.activity.id; // a new post, not a reply to the continuation event
        await ctx.sendActivity('今週の進捗: 受講率 42%');
      });
      await expect((await next()).innerText()).resolves.toContain('今週の進捗: 受講率 42%');

      // A new post that @mentions the bot starts a thread (conversation id `<channel>;messageid=<post>`); the reply goes there.
      const reply = await sendAndWaitForReply(p, 'こんにちは', { mention: pg.bot.name });
      await expect(reply.innerText()).resolves.toContain('受け取りました: こんにちは');
      const heard = bot.received.find((a) => a.type === 'message' && a.conversation?.conversationType === 'channel')!;
      expect(heard.text).toBe(`<at>${pg.bot.name}</at> こんにちは`);
      expect(heard.entities).toContainEqual({ type: 'mention', mentioned: { id: pg.bot.id, name: pg.bot.name }, text: `<at>${pg.bot.name}</at>` });
      expect(heard.conversation!.id).toMatch(new RegExp(`^${pg.conversations.general.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};messageid=\\d+$`));
      expect(heard.channelData).toMatchObject({ team: { id: pg.conversations.general }, channel: { id: pg.conversations.general } });
    } finally {
      await context.close();
    }
  });

  scenario('takes a free port when its port is in use, and stop() leaves no process, port or folder behind', async () => {
    const busy = (server.address() as AddressInfo).port;
    const lines: string[] = [];
    const pg = await startPlayground({ botEndpoint, port: busy, log: (line) => lines.push(line) });
    expect(pg.port).not.toBe(busy);
    expect(lines).toContain(`ポート ${busy} は使用中のため、Agents Playground は ${pg.port} で起動しました`);
    expect(await fetch(`${pg.url}/_debug/ping`).then((r) => r.text())).toBe('pong');
    expect(existsSync(pg.configFile)).toBe(true);
    await pg.stop();
    expect(() => process.kill(pg.pid, 0)).toThrow();
    await expect(fetch(`${pg.url}/_debug/ping`)).rejects.toThrow();
    expect(existsSync(dirname(pg.configFile))).toBe(false);
    await pg.stop(); // twice is fine
  });
});
