/** Merchants (list, add, grant and withdraw integrators' access) and their stores (list, add). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValue } from '../console.form.ts';
import { noticeOf } from '../console.notices.ts';
import { CONSOLE_ACTOR, seeOther, sendPage, sessionOf, type ConsoleDeps } from '../console.context.ts';
import { changeOrRefuse } from '../console.errors.ts';
import { merchantsPage, storesPage } from '../views/merchants.view.ts';
import type { FormState } from '../views/form-state.ts';

const MERCHANT_FIELDS = { vat: /^VAT number|^merchant \S+ (already exists|not found)/, name: /^merchant name/ };
const GRANT_FIELDS = { vat: /^VAT number|^merchant /, integratorId: /^integrator / };
const STORE_FIELDS = {
  vat: /^VAT number|^merchant \S+ not found/,
  brandId: /^brand id/,
  brandName: /^brand name/,
  locationId: /^location id|already has a store/,
  name: /^store name/,
  street: /^street/,
  zipCode: /^zip code/,
  city: /^city/,
};
const STORE_INPUTS = ['vat', 'brandId', 'brandName', 'locationId', 'name', 'street', 'zipCode', 'city'] as const;

type GrantParams = { Params: { vat: string; integratorId: string } };

export function merchantRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { operator } = deps;

  async function showMerchants(request: FastifyRequest, reply: FastifyReply, status: number, state?: FormState) {
    const [merchants, integrators] = await Promise.all([operator.listMerchants(), operator.listIntegrators()]);
    const notice = state === undefined ? noticeOf(request.query) : undefined;
    return sendPage(
      reply,
      status,
      merchantsPage({ csrfToken: sessionOf(request).csrfToken, merchants, integrators, ...(state ? { state } : {}), ...(notice ? { notice } : {}) }),
    );
  }

  async function showStores(request: FastifyRequest, reply: FastifyReply, vat: string, status: number, state?: FormState) {
    const merchants = await operator.listMerchants();
    // An unknown merchant in the filter shows no stores rather than an error page.
    const known = vat === '' || merchants.some((m) => m.vat === vat);
    const stores = known ? await operator.listStores(vat === '' ? undefined : vat) : [];
    const notice = state === undefined ? noticeOf(request.query) : undefined;
    return sendPage(
      reply,
      status,
      storesPage({ csrfToken: sessionOf(request).csrfToken, merchants, stores, vat, ...(state ? { state } : {}), ...(notice ? { notice } : {}) }),
    );
  }

  app.get('/merchants', (request, reply) => showMerchants(request, reply, 200));

  app.post('/merchants', (request, reply) => {
    const values = { vat: formValue(request.body, 'vat').trim(), name: formValue(request.body, 'name') };
    return changeOrRefuse(
      async () => {
        const merchant = await operator.addMerchant(CONSOLE_ACTOR, values);
        return seeOther(reply, '/console/merchants', { code: 'merchant-added', subject: merchant.vat });
      },
      { form: 'add-merchant', values, fields: MERCHANT_FIELDS, show: (status, state) => showMerchants(request, reply, status, state) },
    );
  });

  app.post('/grants', (request, reply) => {
    const values = { vat: formValue(request.body, 'vat'), integratorId: formValue(request.body, 'integratorId') };
    return changeOrRefuse(
      async () => {
        await operator.grant(CONSOLE_ACTOR, values.vat, values.integratorId);
        return seeOther(reply, '/console/merchants', { code: 'granted', subject: values.vat });
      },
      { form: 'grant', values, fields: GRANT_FIELDS, show: (status, state) => showMerchants(request, reply, status, state) },
    );
  });

  app.post<GrantParams>('/merchants/:vat/grants/:integratorId/revoke', (request, reply) => {
    const { vat, integratorId } = request.params;
    return changeOrRefuse(
      async () => {
        await operator.revoke(CONSOLE_ACTOR, vat, integratorId);
        return seeOther(reply, '/console/merchants', { code: 'revoked', subject: vat });
      },
      { form: `revoke-${vat}`, values: {}, fields: {}, show: (status, state) => showMerchants(request, reply, status, state) },
    );
  });

  app.get('/stores', (request, reply) => showStores(request, reply, formValue(request.query, 'vat').trim(), 200));

  app.post('/stores', (request, reply) => {
    const values = Object.fromEntries(STORE_INPUTS.map((name) => [name, formValue(request.body, name).trim()])) as Record<
      (typeof STORE_INPUTS)[number],
      string
    >;
    return changeOrRefuse(
      async () => {
        await operator.addStore(CONSOLE_ACTOR, values);
        return seeOther(reply, `/console/stores`, { code: 'store-added', subject: values.vat });
      },
      { form: 'add-store', values, fields: STORE_FIELDS, show: (status, state) => showStores(request, reply, values.vat, status, state) },
    );
  });
}
