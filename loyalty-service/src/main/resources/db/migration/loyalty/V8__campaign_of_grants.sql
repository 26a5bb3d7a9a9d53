-- The campaign a manual adjustment or an issued voucher belongs to (the campaign engine grants points and issues
-- vouchers to whole segments through the batch routes), so its cost can be counted per campaign. Null for those
-- made by hand or before campaigns.
ALTER TABLE points_entry ADD COLUMN campaign text;
ALTER TABLE voucher ADD COLUMN campaign text;
