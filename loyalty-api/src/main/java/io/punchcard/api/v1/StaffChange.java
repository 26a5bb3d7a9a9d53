package io.punchcard.api.v1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code PATCH /api/v1/staff/{id}} (admins): what to change of an account; null leaves it as it is.
 *
 * @param name     the person's name
 * @param role     ADMIN, STORE_MANAGER or CASHIER
 * @param stores   the stores of a STORE_MANAGER
 * @param disabled whether the account may not log in (its sessions end)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StaffChange(String name, String role, List<String> stores, Boolean disabled) {
}
