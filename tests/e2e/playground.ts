/**
 * Driving the Microsoft 365 Agents Playground page (dev/playground.ts) with playwright-core, as a
 * person would: type in the compose box, read the bot's messages, fill and press Adaptive Cards.
 *
 * The Playground's page has few semantic hooks; the selectors below were found by running it in
 * Chromium (0.2.28) and are kept in this one file:
 * - the compose box is the first `textbox` (a Lexical contenteditable); Enter sends and empties it.
 *   In a channel it is the "Start a new post" editor (each post has its own reply box below it), and
 *   the bot only hears a message that @mentions it (typing `@` opens a menu of `menuitem`s).
 * - every message by the bot carries its avatar, `span[role="img"][aria-label="<bot name>"]`: in a
 *   chat two levels below the message element, in a channel reply likewise, in a channel post
 *   (`[role="group"]`, replies inside) three levels below the post. The signed-in user's own
 *   messages in a chat have no avatar.
 * - a card is `.ac-adaptiveCard` (the adaptivecards renderer, Fluent UI inputs): Input.Text is a
 *   textbox, a compact Input.ChoiceSet a combobox whose options open in a portal, an expanded one
 *   radios or checkboxes, each named by its label; Action.Execute / Action.Submit are buttons named
 *   by their title.
 * - under a card, `[aria-label="Display Invoked Message"]` shows the bot's message answer to an
 *   Action.Execute, or "Your response was sent to the app" after a card answer.
 * - the log panel on the right lists each exchange, e.g. `invoke 200` or `invoke 501`.
 *
 * No jest here; tests/e2e/playground.e2e.test.ts proves it against a small bot.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_BOT_NAME } from '../../dev/playground';

export const CARD = '.ac-adaptiveCard';
const INVOKE_LOG = /^invoke \d{3}$/;
/** Attributes this helper puts on the page's elements: bot messages already there; a message handed out. */
const SEEN = 'data-e2e-seen';
const PINNED = 'data-e2e-message';
/** What the page says under a card when the bot answered an Action.Execute with a card. */
const SENT_NOTICE = 'Your response was sent to the app';

export interface ChatOptions {
  /** The bot's display name (RunningPlayground.bot.name); default the one dev/playground.ts configures. */
  botName?: string;
  /** Milliseconds to wait for the bot (default 15,000). */
  timeoutMs?: number;
}

/**
 * Opens the Playground's page and waits until it can be typed in. Requests anywhere but the
 * Playground itself (its web fonts on a CDN) are refused: the page runs offline.
 * `conversation`: the left rail's entry to select — 'Personal Chat' (selected at start), the group
 * chat ('グループ チャット' as dev/playground.ts names it), or '<team name> - General' /
 * '<team name> - <channel>' (e.g. 'SkillSteps - General'). Selecting one sends the bot
 * installationUpdate and conversationUpdate (membersAdded) for it, as installing the app would.
 */
export async function openPlayground(page: Page, url: string, options: { conversation?: string; timeoutMs?: number } = {}): Promise<void> {
  const origin = new URL(url).origin;
  await page.route(
    (u) => u.origin !== origin,
    (route) => route.abort(),
  );
  await page.goto(url);
  await composeBox(page).waitFor({ timeout: options.timeoutMs ?? 30_000 });
  if (options.conversation && options.conversation !== 'Personal Chat') {
    await page.getByRole('treeitem', { name: options.conversation, exact: true }).click();
    await composeBox(page).waitFor();
  }
}

/** The compose box of the open conversation. */
export const composeBox = (page: Page): Locator => page.getByRole('textbox').first();

/** The bot's messages of the open conversation in the page's order (a channel shows the newest post first): chat messages, channel posts and replies. */
export function botMessages(page: Page, botName = DEFAULT_BOT_NAME): Locator {
  const avatar = `span[role="img"][aria-label=${JSON.stringify(botName)}]`;
  const chatMessageOrReply = `div:not([role="group"] > div):has(> div > div > ${avatar})`;
  const channelPost = `[role="group"]:has(> div > div > div > ${avatar})`;
  return page.locator(`${chatMessageOrReply}, ${channelPost}`);
}

/**
 * Types a message and sends it; resolves when it shows in the conversation.
 * `mention`: @mentions the bot first (by the start of its name), which a group chat or channel needs.
 */
export async function sendMessage(page: Page, text: string, options: { mention?: string } = {}): Promise<void> {
  const box = composeBox(page);
  await box.click();
  if (options.mention) {
    await box.pressSequentially(`@${options.mention}`);
    await page.getByRole('menuitem', { name: options.mention }).first().click();
    await box.pressSequentially(` ${text}`);
  } else {
    await box.fill(text);
  }
  await box.press('Enter');
  // The Playground empties the box once it has taken the message.
  const deadline = Date.now() + 10_000;
  while ((await box.innerText()).trim() !== '') {
    if (Date.now() > deadline) throw new Error(`「${text}」を送れません（入力欄が空になりません）。\n${await logPanel(page)}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Sends a message and waits for the bot's answer: resolves with the bot's first new message,
 * pinned (it stays that message when more arrive, and in a channel, where new posts go on top).
 */
export async function sendAndWaitForReply(page: Page, text: string, options: ChatOptions & { mention?: string } = {}): Promise<Locator> {
  const next = await nextBotMessage(page, options);
  await sendMessage(page, text, options);
  return next();
}

/**
 * Notes the bot's messages shown now; the function it returns waits for the first message the
 * bot shows after that (a reply, or a proactive message) and resolves with it, pinned:
 *
 *     const next = await nextBotMessage(page);
 *     await adapter.continueConversationAsync('', reference, (ctx) => ctx.sendActivity('…'));
 *     const message = await next();
 *
 * The Playground keeps a message's element when the bot updates it, so the pin holds through updates.
 */
export async function nextBotMessage(page: Page, options: ChatOptions = {}): Promise<() => Promise<Locator>> {
  const all = botMessages(page, options.botName);
  await all.evaluateAll((elements, attribute) => elements.forEach((e) => e.setAttribute(attribute, '')), SEEN);
  const fresh = all.and(page.locator(`:not([${SEEN}])`));
  const timeoutMs = options.timeoutMs ?? 15_000;
  return async () => {
    await waitForCount(fresh, 1, timeoutMs, async () => `ボットの新しいメッセージがありません（${timeoutMs} ms）。\n${await logPanel(page)}`);
    const pin = randomUUID();
    await fresh.first().evaluate((e, [attribute, value]) => e.setAttribute(attribute!, value!), [PINNED, pin]);
    return page.locator(`[${PINNED}="${pin}"]`);
  };
}

/** The Adaptive Card in a message (the first, if it holds several). */
export const cardOf = (message: Locator): Locator => message.locator(CARD).first();

/** The last Adaptive Card of the open conversation, pinned by position (an update in place keeps it). */
export async function lastCard(page: Page): Promise<Locator> {
  const cards = page.locator(CARD);
  const n = await cards.count();
  if (n === 0) throw new Error(`会話にアダプティブ カードがありません。\n${await logPanel(page)}`);
  return cards.nth(n - 1);
}

/** Types into a card's Input.Text (by its label, or its placeholder when it has no label). */
export async function fillCardInput(card: Locator, label: string, value: string): Promise<void> {
  const byLabel = card.getByRole('textbox', { name: label });
  await ((await byLabel.count()) > 0 ? byLabel : card.getByPlaceholder(label)).first().fill(value);
}

/** Picks an option of a card's Input.ChoiceSet: compact (a combobox) or expanded (radios / checkboxes). */
export async function chooseCardOption(card: Locator, label: string, option: string): Promise<void> {
  const combobox = card.getByRole('combobox', { name: label });
  if ((await combobox.count()) > 0) {
    await combobox.first().click();
    // The listbox opens in a portal outside the card.
    await card.page().getByRole('option', { name: option, exact: true }).click();
    return;
  }
  const radio = card.getByRole('radio', { name: option, exact: true });
  if ((await radio.count()) > 0) return radio.first().check();
  await card.getByRole('checkbox', { name: option, exact: true }).first().check();
}

export interface ActionResult {
  /** The Playground's status for the invoke: 200, or e.g. 501 when the bot threw or did not answer it. */
  status: number;
  /** The card's text after the action (changed if the bot answered with a card). */
  cardText: string;
  /** A message answer (`application/vnd.microsoft.activity.message`), shown under the card instead of SENT_NOTICE. */
  message?: string;
}

/**
 * Presses a card's Action.Execute button and waits until the Playground has the bot's invoke
 * response (its status in the log panel), then until the card shows the answer: a card
 * (`application/vnd.microsoft.card.adaptive`) replaces it in place, as in Teams; a message
 * (`application/vnd.microsoft.activity.message`) shows under it. An error answer shows nothing on
 * the page: pass `expectStatus` to expect one. Fails with the log panel otherwise.
 */
export async function executeCardAction(card: Locator, title: string, options: { timeoutMs?: number; expectStatus?: number } = {}): Promise<ActionResult> {
  const page = card.page();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const invokes = logPanelLocator(page).getByText(INVOKE_LOG);
  const before = await invokes.count();
  const textBefore = await card.innerText();
  const notice = card.locator('xpath=../..').locator('[aria-label="Display Invoked Message"]');
  // A notice left from an earlier action would read as this one's answer.
  // (A card the bot refreshed since — Action.Execute's refresh — can leave one whose button no longer
  // takes a click: then a changed card still tells this action's answer, below.)
  if ((await notice.count()) > 0) {
    await notice
      .first()
      .getByRole('button', { name: 'Dismiss Invoke Message' })
      .click({ timeout: 3000 })
      .catch(() => undefined);
  }
  const button = card.getByRole('button', { name: title, exact: true });
  // A notice that could not be dismissed may lie over the button: then it is pressed from the keyboard.
  await button.click({ timeout: 5000 }).catch(async () => {
    await button.focus();
    await button.press('Enter');
  });
  await waitForCount(invokes, before + 1, timeoutMs, async () => `「${title}」の invoke に Playground の記録がありません（${timeoutMs} ms）。\n${await logPanel(page)}`);
  const status = Number(/\d{3}/.exec(await invokes.nth(before).innerText())?.[0]);
  const expected = options.expectStatus ?? 200;
  if (status !== expected) throw new Error(`「${title}」の invoke が ${status} でした（期待 ${expected}）。\n${await logPanel(page)}`);
  if (status !== 200) return { status, cardText: await card.innerText() };
  // A card answer replaces the card and adds the notice SENT_NOTICE; a message answer re-renders the
  // same card and puts its text in the notice.
  const deadline = Date.now() + timeoutMs;
  let noticeSince: number | undefined;
  for (;;) {
    const cardText = await card.innerText();
    const message = (await notice.count()) > 0 ? (await notice.first().innerText()).trim() : undefined;
    if (cardText !== textBefore) return { status, cardText, ...(message && message !== SENT_NOTICE ? { message } : {}) };
    if (message !== undefined && message !== SENT_NOTICE) return { status, cardText, message };
    // The same card again: give the renderer a moment, then take it as it is.
    if (message === SENT_NOTICE && Date.now() - (noticeSince ??= Date.now()) > 1000) return { status, cardText };
    if (Date.now() > deadline) throw new Error(`「${title}」のあとカードが変わりません（${timeoutMs} ms）。\n${await logPanel(page)}`);
    await page.waitForTimeout(50);
  }
}

/** Waits until a card (pinned by position) shows the text: an update in place, e.g. a proactive updateActivity. */
export async function waitForCardText(card: Locator, text: string, timeoutMs = 15_000): Promise<void> {
  try {
    await card.getByText(text).first().waitFor({ timeout: timeoutMs });
  } catch (e) {
    throw new Error(`カードに「${text}」が出ません（今: ${JSON.stringify(await card.innerText().catch(() => '?'))}）。\n${await logPanel(card.page())}`, { cause: e });
  }
}

/** The log panel's last lines (for failure messages): what the Playground and the bot said to each other. */
export async function logPanel(page: Page, lastLines = 20): Promise<string> {
  const panel = logPanelLocator(page);
  const text = (await panel.count()) > 0 ? await panel.innerText().catch(() => '') : '';
  return `Agents Playground のログ:\n${text.split('\n').slice(-lastLines).join('\n')}`;
}

/** The innermost element holding the log panel's title and its entries. */
const logPanelLocator = (page: Page): Locator =>
  page.locator('div').filter({ has: page.getByText('Log Panel', { exact: true }) }).filter({ hasText: 'Current version' }).last();

/** Polls until the locator matches at least `atLeast` elements; the failure message is made only on failure. */
async function waitForCount(locator: Locator, atLeast: number, timeoutMs: number, message: () => Promise<string> | string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) < atLeast) {
    if (Date.now() > deadline) throw new Error(await message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
